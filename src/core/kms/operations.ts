import type { EncryptionAlgorithm, KeySpec, MacAlgorithm, MessageType, SigningAlgorithm } from "../crypto/keys/index.js";
import type { SecretBytes } from "../secret-bytes.js";
import type { EncryptionContext } from "./encryption-context.js";
import type { KeyRef } from "./identifiers.js";
import type { ExpirationModel, KeyState, RotationType } from "./kms-key.js";
import type { ImportType } from "./imported-material.js";
import type { Tag } from "./tags.js";

/**
 * The typed inputs and outputs of every KMS operation Strongbox serves. The protocol layer turns
 * wire JSON into these inputs (parse at the edge); the app layer answers with these outputs; the
 * two tables are keyed by the same names, so the compiler keeps them complete.
 */
export type KmsOperationName = keyof KmsInputs;

export type { EncryptionAlgorithm } from "../crypto/keys/index.js";
export type DataKeySpec = "AES_256" | "AES_128";
export type { MacAlgorithm, MessageType, SigningAlgorithm } from "../crypto/keys/index.js";
/** GenerateDataKeyPair's key pair specs: every asymmetric spec but the signature-only ML-DSA. */
export type DataKeyPairSpec = Exclude<KeySpec, "SYMMETRIC_DEFAULT" | "HMAC_224" | "HMAC_256" | "HMAC_384" | "HMAC_512" | "ML_DSA_44" | "ML_DSA_65" | "ML_DSA_87">;

/** The algorithm lists DescribeKey and GetPublicKey show, each only where the key's usage has them. */
export interface KeyAlgorithmsView {
  readonly EncryptionAlgorithms?: readonly string[];
  readonly SigningAlgorithms?: readonly string[];
  readonly MacAlgorithms?: readonly string[];
  readonly KeyAgreementAlgorithms?: readonly string[];
  readonly EncapsulationAlgorithms?: readonly string[];
}
export type MarkerInput = { readonly Limit?: number; readonly Marker?: string };
/** The GrantOperation enum of the service model. */
export const GRANT_OPERATIONS = [
  "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign", "Verify",
  "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
  "GenerateMac", "VerifyMac", "DeriveSharedSecret", "Encapsulate", "Decapsulate",
] as const;
export type GrantOperation = (typeof GRANT_OPERATIONS)[number];
/** Grant constraints as the wire names them: at most one encryption-context constraint (SourceArn is for AWS services). */
export interface GrantConstraintsView {
  readonly EncryptionContextEquals?: EncryptionContext;
  readonly EncryptionContextSubset?: EncryptionContext;
  readonly SourceArn?: string;
}
interface DryRunnable {
  readonly DryRun?: boolean;
}
interface WithGrantTokens {
  readonly GrantTokens?: readonly string[];
}
interface KeyInput {
  readonly KeyId: KeyRef;
}

/** One CloudHSM key store as DescribeCustomKeyStores lists it. */
export interface CustomKeyStoreEntryView {
  readonly CustomKeyStoreId: string;
  readonly CustomKeyStoreName: string;
  readonly CloudHsmClusterId: string;
  readonly TrustAnchorCertificate: string;
  readonly ConnectionState: string;
  readonly ConnectionErrorCode?: string;
  readonly CreationDate: Date;
  readonly CustomKeyStoreType: "AWS_CLOUDHSM";
}
/** The external key store (XKS) members, accepted on the wire and refused. */
interface XksMembers {
  readonly XksProxyUriEndpoint?: string;
  readonly XksProxyUriPath?: string;
  readonly XksProxyVpcEndpointServiceName?: string;
  readonly XksProxyVpcEndpointServiceOwner?: string;
  readonly XksProxyAuthenticationCredential?: unknown;
  readonly XksProxyConnectivity?: string;
}
interface CustomKeyStoreInput {
  readonly CustomKeyStoreId: string;
}

export interface KmsInputs {
  CreateCustomKeyStore: XksMembers & {
    readonly CustomKeyStoreName: string;
    readonly CloudHsmClusterId?: string;
    readonly TrustAnchorCertificate?: string;
    /** The token user's PIN (AWS: the kmsuser password). */
    readonly KeyStorePassword?: SecretBytes;
    readonly CustomKeyStoreType?: string;
  };
  DescribeCustomKeyStores: MarkerInput & { readonly CustomKeyStoreId?: string; readonly CustomKeyStoreName?: string };
  ConnectCustomKeyStore: CustomKeyStoreInput;
  DisconnectCustomKeyStore: CustomKeyStoreInput;
  UpdateCustomKeyStore: CustomKeyStoreInput &
    XksMembers & { readonly NewCustomKeyStoreName?: string; readonly KeyStorePassword?: SecretBytes; readonly CloudHsmClusterId?: string };
  DeleteCustomKeyStore: CustomKeyStoreInput;
  CreateKey: {
    readonly Policy?: string;
    readonly Description?: string;
    readonly KeyUsage?: string;
    readonly KeySpec?: string;
    readonly CustomerMasterKeySpec?: string;
    readonly Origin?: string;
    readonly CustomKeyStoreId?: string;
    readonly BypassPolicyLockoutSafetyCheck?: boolean;
    readonly Tags?: readonly Tag[];
    readonly MultiRegion?: boolean;
    readonly XksKeyId?: string;
  };
  DescribeKey: KeyInput & WithGrantTokens;
  ListKeys: MarkerInput;
  EnableKey: KeyInput;
  DisableKey: KeyInput;
  ScheduleKeyDeletion: KeyInput & { readonly PendingWindowInDays?: number };
  CancelKeyDeletion: KeyInput;
  UpdateKeyDescription: KeyInput & { readonly Description: string };
  TagResource: KeyInput & { readonly Tags: readonly Tag[] };
  UntagResource: KeyInput & { readonly TagKeys: readonly string[] };
  ListResourceTags: KeyInput & MarkerInput;
  CreateAlias: { readonly AliasName: string; readonly TargetKeyId: KeyRef };
  UpdateAlias: { readonly AliasName: string; readonly TargetKeyId: KeyRef };
  DeleteAlias: { readonly AliasName: string };
  ListAliases: MarkerInput & { readonly KeyId?: KeyRef };
  Encrypt: KeyInput & WithGrantTokens & DryRunnable & {
    readonly Plaintext: SecretBytes;
    readonly EncryptionContext?: EncryptionContext;
    readonly EncryptionAlgorithm?: EncryptionAlgorithm;
  };
  Decrypt: WithGrantTokens & DryRunnable & {
    readonly CiphertextBlob?: Buffer;
    readonly EncryptionContext?: EncryptionContext;
    readonly KeyId?: KeyRef;
    readonly EncryptionAlgorithm?: EncryptionAlgorithm;
    readonly Recipient?: unknown;
    readonly DryRunModifiers?: readonly string[];
  };
  ReEncrypt: WithGrantTokens & DryRunnable & {
    readonly CiphertextBlob?: Buffer;
    readonly SourceEncryptionContext?: EncryptionContext;
    readonly SourceKeyId?: KeyRef;
    readonly DestinationKeyId: KeyRef;
    readonly DestinationEncryptionContext?: EncryptionContext;
    readonly SourceEncryptionAlgorithm?: EncryptionAlgorithm;
    readonly DestinationEncryptionAlgorithm?: EncryptionAlgorithm;
    readonly DryRunModifiers?: readonly string[];
  };
  GenerateDataKey: KeyInput & WithGrantTokens & DryRunnable & {
    readonly EncryptionContext?: EncryptionContext;
    readonly NumberOfBytes?: number;
    readonly KeySpec?: DataKeySpec;
    readonly Recipient?: unknown;
  };
  GenerateDataKeyWithoutPlaintext: KeyInput & WithGrantTokens & DryRunnable & {
    readonly EncryptionContext?: EncryptionContext;
    readonly NumberOfBytes?: number;
    readonly KeySpec?: DataKeySpec;
  };
  GenerateRandom: { readonly NumberOfBytes?: number; readonly CustomKeyStoreId?: string; readonly Recipient?: unknown };
  EnableKeyRotation: KeyInput & { readonly RotationPeriodInDays?: number };
  DisableKeyRotation: KeyInput;
  GetKeyRotationStatus: KeyInput;
  RotateKeyOnDemand: KeyInput;
  ListKeyRotations: KeyInput & MarkerInput & { readonly IncludeKeyMaterial?: "ALL_KEY_MATERIAL" | "ROTATIONS_ONLY" };
  ListKeyPolicies: KeyInput & MarkerInput;
  GetKeyPolicy: KeyInput & { readonly PolicyName?: string };
  PutKeyPolicy: KeyInput & { readonly PolicyName?: string; readonly Policy: string; readonly BypassPolicyLockoutSafetyCheck?: boolean };
  CreateGrant: KeyInput & WithGrantTokens & DryRunnable & {
    readonly GranteePrincipal?: string;
    readonly RetiringPrincipal?: string;
    readonly Operations: readonly GrantOperation[];
    readonly Constraints?: GrantConstraintsView;
    readonly Name?: string;
    readonly GranteeServicePrincipal?: string;
    readonly RetiringServicePrincipal?: string;
  };
  ListGrants: KeyInput & MarkerInput & { readonly GrantId?: string; readonly GranteePrincipal?: string; readonly GranteeServicePrincipal?: string };
  ListRetirableGrants: MarkerInput & { readonly RetiringPrincipal?: string; readonly RetiringServicePrincipal?: string };
  RetireGrant: DryRunnable & { readonly GrantToken?: string; readonly KeyId?: KeyRef; readonly GrantId?: string };
  RevokeGrant: KeyInput & DryRunnable & { readonly GrantId: string };
  GetPublicKey: KeyInput & WithGrantTokens;
  GetKeyLastUsage: KeyInput;
  Sign: KeyInput & WithGrantTokens & DryRunnable & {
    readonly Message: Buffer;
    readonly MessageType?: MessageType;
    readonly SigningAlgorithm: SigningAlgorithm;
  };
  Verify: KeyInput & WithGrantTokens & DryRunnable & {
    readonly Message: Buffer;
    readonly MessageType?: MessageType;
    readonly Signature: Buffer;
    readonly SigningAlgorithm: SigningAlgorithm;
  };
  GenerateMac: KeyInput & WithGrantTokens & DryRunnable & { readonly Message: Buffer; readonly MacAlgorithm: MacAlgorithm };
  VerifyMac: KeyInput & WithGrantTokens & DryRunnable & { readonly Message: Buffer; readonly MacAlgorithm: MacAlgorithm; readonly Mac: Buffer };
  DeriveSharedSecret: KeyInput & WithGrantTokens & DryRunnable & { readonly KeyAgreementAlgorithm: "ECDH"; readonly PublicKey: Buffer; readonly Recipient?: unknown };
  Encapsulate: KeyInput & WithGrantTokens & DryRunnable & { readonly EncapsulationAlgorithm: "ML_KEM" };
  Decapsulate: KeyInput & WithGrantTokens & DryRunnable & { readonly SharedSecretCiphertextBlob: Buffer; readonly EncapsulationAlgorithm: "ML_KEM" };
  GenerateDataKeyPair: KeyInput & WithGrantTokens & DryRunnable & {
    readonly EncryptionContext?: EncryptionContext;
    readonly KeyPairSpec: DataKeyPairSpec;
    readonly Recipient?: unknown;
  };
  GenerateDataKeyPairWithoutPlaintext: KeyInput & WithGrantTokens & DryRunnable & { readonly EncryptionContext?: EncryptionContext; readonly KeyPairSpec: DataKeyPairSpec };
  /** The model's enums, the members AWS refuses included: the use case narrows them. */
  GetParametersForImport: KeyInput & { readonly WrappingAlgorithm: string; readonly WrappingKeySpec: string };
  ImportKeyMaterial: KeyInput & {
    readonly ImportToken: Buffer;
    /** The wrapped material: not secret as such, but never logged or recorded. */
    readonly EncryptedKeyMaterial: Buffer;
    readonly ValidTo?: Date;
    readonly ExpirationModel?: ExpirationModel;
    readonly ImportType?: ImportType;
    readonly KeyMaterialDescription?: string;
    readonly KeyMaterialId?: string;
  };
  DeleteImportedKeyMaterial: KeyInput & { readonly KeyMaterialId?: string };
}

export interface KeyMetadataView extends KeyAlgorithmsView {
  readonly AWSAccountId: string;
  readonly KeyId: string;
  readonly Arn: string;
  readonly CreationDate: Date;
  readonly Enabled: boolean;
  readonly Description: string;
  readonly KeyUsage: string;
  readonly KeyState: KeyState;
  readonly DeletionDate?: Date;
  readonly ValidTo?: Date;
  readonly Origin: string;
  readonly CustomKeyStoreId?: string;
  readonly CloudHsmClusterId?: string;
  readonly KeyManager: string;
  readonly CustomerMasterKeySpec: string;
  readonly KeySpec: string;
  readonly MultiRegion: boolean;
  readonly ExpirationModel?: ExpirationModel;
  readonly CurrentKeyMaterialId?: string;
}

export interface AliasEntryView {
  readonly AliasName: string;
  readonly AliasArn: string;
  readonly TargetKeyId?: string;
  readonly CreationDate?: Date;
  readonly LastUpdatedDate?: Date;
}

export interface RotationEntryView {
  readonly KeyId: string;
  readonly KeyMaterialId: string;
  readonly KeyMaterialState: "CURRENT" | "NON_CURRENT" | "PENDING_ROTATION";
  readonly RotationDate?: Date;
  readonly RotationType?: RotationType;
  readonly KeyMaterialDescription?: string;
  readonly ImportState?: "IMPORTED" | "PENDING_IMPORT";
  readonly ExpirationModel?: ExpirationModel;
  readonly ValidTo?: Date;
}

export interface GrantListEntryView {
  readonly KeyId: string;
  readonly GrantId: string;
  readonly Name: string;
  readonly CreationDate: Date;
  readonly GranteePrincipal: string;
  readonly RetiringPrincipal?: string;
  readonly IssuingAccount: string;
  readonly Operations: readonly string[];
  readonly Constraints?: GrantConstraintsView;
}

type Paged<K extends string, T> = { readonly [P in K]: readonly T[] } & { readonly NextMarker?: string; readonly Truncated: boolean };
type Empty = Record<string, never>;

export interface KmsOutputs {
  CreateCustomKeyStore: { readonly CustomKeyStoreId: string };
  DescribeCustomKeyStores: Paged<"CustomKeyStores", CustomKeyStoreEntryView>;
  ConnectCustomKeyStore: Empty;
  DisconnectCustomKeyStore: Empty;
  UpdateCustomKeyStore: Empty;
  DeleteCustomKeyStore: Empty;
  CreateKey: { readonly KeyMetadata: KeyMetadataView };
  DescribeKey: { readonly KeyMetadata: KeyMetadataView };
  ListKeys: Paged<"Keys", { readonly KeyId: string; readonly KeyArn: string }>;
  EnableKey: Empty;
  DisableKey: Empty;
  ScheduleKeyDeletion: { readonly KeyId: string; readonly DeletionDate: Date; readonly KeyState: KeyState; readonly PendingWindowInDays: number };
  CancelKeyDeletion: { readonly KeyId: string };
  UpdateKeyDescription: Empty;
  TagResource: Empty;
  UntagResource: Empty;
  ListResourceTags: Paged<"Tags", Tag>;
  CreateAlias: Empty;
  UpdateAlias: Empty;
  DeleteAlias: Empty;
  ListAliases: Paged<"Aliases", AliasEntryView>;
  Encrypt: { readonly CiphertextBlob: Buffer; readonly KeyId: string; readonly EncryptionAlgorithm: EncryptionAlgorithm };
  Decrypt: { readonly KeyId: string; readonly Plaintext: SecretBytes; readonly EncryptionAlgorithm: EncryptionAlgorithm; readonly KeyMaterialId: string };
  ReEncrypt: {
    readonly CiphertextBlob: Buffer;
    readonly SourceKeyId: string;
    readonly KeyId: string;
    readonly SourceEncryptionAlgorithm: EncryptionAlgorithm;
    readonly DestinationEncryptionAlgorithm: EncryptionAlgorithm;
    readonly SourceKeyMaterialId: string;
    readonly DestinationKeyMaterialId: string;
  };
  GenerateDataKey: { readonly CiphertextBlob: Buffer; readonly Plaintext: SecretBytes; readonly KeyId: string; readonly KeyMaterialId: string };
  GenerateDataKeyWithoutPlaintext: { readonly CiphertextBlob: Buffer; readonly KeyId: string; readonly KeyMaterialId: string };
  GenerateRandom: { readonly Plaintext: SecretBytes };
  EnableKeyRotation: Empty;
  DisableKeyRotation: Empty;
  GetKeyRotationStatus: {
    readonly KeyRotationEnabled: boolean;
    readonly KeyId: string;
    readonly RotationPeriodInDays?: number;
    readonly NextRotationDate?: Date;
    readonly OnDemandRotationStartDate?: Date;
  };
  RotateKeyOnDemand: { readonly KeyId: string };
  ListKeyRotations: Paged<"Rotations", RotationEntryView>;
  ListKeyPolicies: Paged<"PolicyNames", string>;
  GetKeyPolicy: { readonly Policy: string; readonly PolicyName: string };
  PutKeyPolicy: Record<string, never>;
  CreateGrant: { readonly GrantToken: string; readonly GrantId: string };
  ListGrants: Paged<"Grants", GrantListEntryView>;
  ListRetirableGrants: Paged<"Grants", GrantListEntryView>;
  RetireGrant: Empty;
  RevokeGrant: Empty;
  GetPublicKey: {
    readonly KeyId: string;
    readonly PublicKey: Buffer;
    readonly CustomerMasterKeySpec: string;
    readonly KeySpec: string;
    readonly KeyUsage: string;
  } & KeyAlgorithmsView;
  GetKeyLastUsage: {
    readonly KeyId: string;
    readonly KeyLastUsage?: { readonly Operation: string; readonly Timestamp: Date; readonly CloudTrailEventId: string; readonly KmsRequestId: string };
    readonly TrackingStartDate: Date;
    readonly KeyCreationDate: Date;
  };
  Sign: { readonly KeyId: string; readonly Signature: Buffer; readonly SigningAlgorithm: SigningAlgorithm };
  Verify: { readonly KeyId: string; readonly SignatureValid: boolean; readonly SigningAlgorithm: SigningAlgorithm };
  GenerateMac: { readonly KeyId: string; readonly Mac: Buffer; readonly MacAlgorithm: MacAlgorithm };
  VerifyMac: { readonly KeyId: string; readonly MacValid: boolean; readonly MacAlgorithm: MacAlgorithm };
  DeriveSharedSecret: { readonly KeyId: string; readonly SharedSecret: SecretBytes; readonly KeyAgreementAlgorithm: "ECDH"; readonly KeyOrigin: string };
  Encapsulate: { readonly KeyId: string; readonly SharedSecret: SecretBytes; readonly SharedSecretCiphertextBlob: Buffer; readonly EncapsulationAlgorithm: "ML_KEM" };
  Decapsulate: { readonly KeyId: string; readonly SharedSecret: SecretBytes; readonly EncapsulationAlgorithm: "ML_KEM" };
  GenerateDataKeyPair: {
    readonly PrivateKeyCiphertextBlob: Buffer;
    readonly PrivateKeyPlaintext: SecretBytes;
    readonly PublicKey: Buffer;
    readonly KeyId: string;
    readonly KeyPairSpec: DataKeyPairSpec;
    readonly KeyMaterialId: string;
  };
  GenerateDataKeyPairWithoutPlaintext: {
    readonly PrivateKeyCiphertextBlob: Buffer;
    readonly PublicKey: Buffer;
    readonly KeyId: string;
    readonly KeyPairSpec: DataKeyPairSpec;
    readonly KeyMaterialId: string;
  };
  GetParametersForImport: { readonly KeyId: string; readonly ImportToken: Buffer; readonly PublicKey: Buffer; readonly ParametersValidTo: Date };
  ImportKeyMaterial: { readonly KeyId: string; readonly KeyMaterialId: string };
  DeleteImportedKeyMaterial: { readonly KeyId: string; readonly KeyMaterialId: string };
}
