import type { KmsOperationName } from "../../core/kms/operations.js";
import { makeCancelKeyDeletion } from "./cancel-key-deletion.js";
import { makeCreateAlias } from "./create-alias.js";
import { makeCreateGrant } from "./create-grant.js";
import { makeCreateKey } from "./create-key.js";
import { makeConnectCustomKeyStore } from "./connect-custom-key-store.js";
import { makeCreateCustomKeyStore } from "./create-custom-key-store.js";
import { makeDeleteCustomKeyStore } from "./delete-custom-key-store.js";
import { makeDescribeCustomKeyStores } from "./describe-custom-key-stores.js";
import { makeDisconnectCustomKeyStore } from "./disconnect-custom-key-store.js";
import { makeUpdateCustomKeyStore } from "./update-custom-key-store.js";
import { makeDecrypt } from "./decrypt.js";
import { makeDeleteAlias } from "./delete-alias.js";
import type { KmsDeps } from "./deps.js";
import { makeDescribeKey } from "./describe-key.js";
import { makeDisableKey } from "./disable-key.js";
import { makeDisableKeyRotation } from "./disable-key-rotation.js";
import { makeEnableKey } from "./enable-key.js";
import { makeEnableKeyRotation } from "./enable-key-rotation.js";
import { makeEncrypt } from "./encrypt.js";
import { makeGenerateDataKey } from "./generate-data-key.js";
import { makeGenerateDataKeyWithoutPlaintext } from "./generate-data-key-without-plaintext.js";
import { makeGenerateRandom } from "./generate-random.js";
import { makeDecapsulate } from "./decapsulate.js";
import { makeDeriveSharedSecret } from "./derive-shared-secret.js";
import { makeEncapsulate } from "./encapsulate.js";
import { makeGenerateDataKeyPair, makeGenerateDataKeyPairWithoutPlaintext } from "./generate-data-key-pair.js";
import { makeGenerateMac } from "./generate-mac.js";
import { makeGetKeyPolicy } from "./get-key-policy.js";
import { makeGetKeyLastUsage } from "./get-key-last-usage.js";
import { makeGetPublicKey } from "./get-public-key.js";
import { makeSign } from "./sign.js";
import { makeVerify } from "./verify.js";
import { makeVerifyMac } from "./verify-mac.js";
import { makePutKeyPolicy } from "./put-key-policy.js";
import { makeGetKeyRotationStatus } from "./get-key-rotation-status.js";
import type { KmsHandler } from "./handler.js";
import { makeListAliases } from "./list-aliases.js";
import { makeListGrants } from "./list-grants.js";
import { makeListKeyPolicies } from "./list-key-policies.js";
import { makeListKeyRotations } from "./list-key-rotations.js";
import { makeListKeys } from "./list-keys.js";
import { makeListResourceTags } from "./list-resource-tags.js";
import { makeListRetirableGrants } from "./list-retirable-grants.js";
import { makeReEncrypt } from "./re-encrypt.js";
import { makeRetireGrant } from "./retire-grant.js";
import { makeRevokeGrant } from "./revoke-grant.js";
import { makeRotateKeyOnDemand } from "./rotate-key-on-demand.js";
import { makeScheduleKeyDeletion } from "./schedule-key-deletion.js";
import { makeTagResource } from "./tag-resource.js";
import { makeUntagResource } from "./untag-resource.js";
import { makeUpdateAlias } from "./update-alias.js";
import { makeUpdateKeyDescription } from "./update-key-description.js";
import { makeGetParametersForImport } from "./get-parameters-for-import.js";
import { makeImportKeyMaterial } from "./import-key-material.js";
import { makeDeleteImportedKeyMaterial } from "./delete-imported-key-material.js";

export interface KmsOperation<K extends KmsOperationName> {
  /** The IAM action the policy gate checks. */
  readonly action: string;
  readonly readOnly: boolean;
  readonly handler: KmsHandler<K>;
}

export type KmsOperations = { readonly [K in KmsOperationName]: KmsOperation<K> };

const op = <K extends KmsOperationName>(action: string, readOnly: boolean, handler: KmsHandler<K>): KmsOperation<K> => ({ action, readOnly, handler });

/** The KMS operation table: one row per operation, one file per handler. */
export function makeKmsOperations(deps: KmsDeps): KmsOperations {
  return {
    CreateKey: op("kms:CreateKey", false, makeCreateKey(deps)),
    DescribeKey: op("kms:DescribeKey", true, makeDescribeKey(deps)),
    ListKeys: op("kms:ListKeys", true, makeListKeys(deps)),
    EnableKey: op("kms:EnableKey", false, makeEnableKey(deps)),
    DisableKey: op("kms:DisableKey", false, makeDisableKey(deps)),
    ScheduleKeyDeletion: op("kms:ScheduleKeyDeletion", false, makeScheduleKeyDeletion(deps)),
    CancelKeyDeletion: op("kms:CancelKeyDeletion", false, makeCancelKeyDeletion(deps)),
    UpdateKeyDescription: op("kms:UpdateKeyDescription", false, makeUpdateKeyDescription(deps)),
    TagResource: op("kms:TagResource", false, makeTagResource(deps)),
    UntagResource: op("kms:UntagResource", false, makeUntagResource(deps)),
    ListResourceTags: op("kms:ListResourceTags", true, makeListResourceTags(deps)),
    CreateAlias: op("kms:CreateAlias", false, makeCreateAlias(deps)),
    UpdateAlias: op("kms:UpdateAlias", false, makeUpdateAlias(deps)),
    DeleteAlias: op("kms:DeleteAlias", false, makeDeleteAlias(deps)),
    ListAliases: op("kms:ListAliases", true, makeListAliases(deps)),
    Encrypt: op("kms:Encrypt", true, makeEncrypt(deps)),
    Decrypt: op("kms:Decrypt", true, makeDecrypt(deps)),
    ReEncrypt: op("kms:ReEncrypt*", true, makeReEncrypt(deps)),
    GenerateDataKey: op("kms:GenerateDataKey", true, makeGenerateDataKey(deps)),
    GenerateDataKeyWithoutPlaintext: op("kms:GenerateDataKeyWithoutPlaintext", true, makeGenerateDataKeyWithoutPlaintext(deps)),
    GenerateRandom: op("kms:GenerateRandom", true, makeGenerateRandom(deps)),
    EnableKeyRotation: op("kms:EnableKeyRotation", false, makeEnableKeyRotation(deps)),
    DisableKeyRotation: op("kms:DisableKeyRotation", false, makeDisableKeyRotation(deps)),
    GetKeyRotationStatus: op("kms:GetKeyRotationStatus", true, makeGetKeyRotationStatus(deps)),
    RotateKeyOnDemand: op("kms:RotateKeyOnDemand", false, makeRotateKeyOnDemand(deps)),
    ListKeyRotations: op("kms:ListKeyRotations", true, makeListKeyRotations(deps)),
    ListKeyPolicies: op("kms:ListKeyPolicies", true, makeListKeyPolicies(deps)),
    GetKeyPolicy: op("kms:GetKeyPolicy", true, makeGetKeyPolicy(deps)),
    PutKeyPolicy: op("kms:PutKeyPolicy", false, makePutKeyPolicy(deps)),
    CreateGrant: op("kms:CreateGrant", false, makeCreateGrant(deps)),
    ListGrants: op("kms:ListGrants", true, makeListGrants(deps)),
    ListRetirableGrants: op("kms:ListRetirableGrants", true, makeListRetirableGrants(deps)),
    RetireGrant: op("kms:RetireGrant", false, makeRetireGrant(deps)),
    GetPublicKey: op("kms:GetPublicKey", true, makeGetPublicKey(deps)),
    GetKeyLastUsage: op("kms:GetKeyLastUsage", true, makeGetKeyLastUsage(deps)),
    Sign: op("kms:Sign", true, makeSign(deps)),
    Verify: op("kms:Verify", true, makeVerify(deps)),
    GenerateMac: op("kms:GenerateMac", true, makeGenerateMac(deps)),
    VerifyMac: op("kms:VerifyMac", true, makeVerifyMac(deps)),
    DeriveSharedSecret: op("kms:DeriveSharedSecret", true, makeDeriveSharedSecret(deps)),
    Encapsulate: op("kms:Encapsulate", true, makeEncapsulate(deps)),
    Decapsulate: op("kms:Decapsulate", true, makeDecapsulate(deps)),
    GenerateDataKeyPair: op("kms:GenerateDataKeyPair", true, makeGenerateDataKeyPair(deps)),
    GenerateDataKeyPairWithoutPlaintext: op("kms:GenerateDataKeyPairWithoutPlaintext", true, makeGenerateDataKeyPairWithoutPlaintext(deps)),
    RevokeGrant: op("kms:RevokeGrant", false, makeRevokeGrant(deps)),
    GetParametersForImport: op("kms:GetParametersForImport", true, makeGetParametersForImport(deps)),
    ImportKeyMaterial: op("kms:ImportKeyMaterial", false, makeImportKeyMaterial(deps)),
    DeleteImportedKeyMaterial: op("kms:DeleteImportedKeyMaterial", false, makeDeleteImportedKeyMaterial(deps)),
    CreateCustomKeyStore: op("kms:CreateCustomKeyStore", false, makeCreateCustomKeyStore(deps)),
    DescribeCustomKeyStores: op("kms:DescribeCustomKeyStores", true, makeDescribeCustomKeyStores(deps)),
    ConnectCustomKeyStore: op("kms:ConnectCustomKeyStore", false, makeConnectCustomKeyStore(deps)),
    DisconnectCustomKeyStore: op("kms:DisconnectCustomKeyStore", false, makeDisconnectCustomKeyStore(deps)),
    UpdateCustomKeyStore: op("kms:UpdateCustomKeyStore", false, makeUpdateCustomKeyStore(deps)),
    DeleteCustomKeyStore: op("kms:DeleteCustomKeyStore", false, makeDeleteCustomKeyStore(deps)),
  };
}
