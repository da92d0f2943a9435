import { z } from "zod";
import { parseKeyRef } from "../../core/kms/identifiers.js";
import { GRANT_OPERATIONS, type KmsInputs, type KmsOperationName } from "../../core/kms/operations.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { blob, decodeSecret, encryptionAlgorithm, encryptionContext, grantTokens, limit, marker, secretBase64, secretString } from "../wire-types.js";

/**
 * Wire schemas of the KMS operations, with the constraints of the AWS service model (botocore
 * kms/2014-11-01; see docs/research/kms-api-reference.md). Output types are the typed inputs of
 * the use cases: key names become KeyRefs, blobs become bytes, plaintext becomes SecretBytes.
 */
const keyRef = z.string().min(1).max(2048).transform(parseKeyRef);
const description = z.string().min(0).max(8192);
const tag = z.object({ TagKey: z.string().min(1).max(128), TagValue: z.string().min(0).max(256) });
const aliasName = z.string().min(1).max(256).regex(/^[a-zA-Z0-9:/_-]+$/);
const numberOfBytes = z.number().int().min(1).max(1024);
const dataKeySpec = z.enum(["AES_256", "AES_128"]);
const recipient = z.object({ KeyEncryptionAlgorithm: z.enum(["RSAES_OAEP_SHA_256"]).optional(), AttestationDocument: blob("AttestationDocument", { min: 1, max: 262144 }).optional() });
const dryRunModifiers = z.array(z.enum(["IGNORE_CIPHERTEXT"]));
const keySpec = z.enum([
  "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT",
  "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519",
  "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024",
]);
const customerMasterKeySpec = z.enum([
  "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT",
  "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2",
]);
const keyUsage = z.enum(["SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT", "ENCAPSULATE_DECAPSULATE"]);
const policyName = z.string().min(1).max(128).regex(/^[\w]+$/);
const policyText = z.string().min(1).max(131072).regex(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/);
const signingAlgorithm = z.enum([
  "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384",
  "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512", "ED25519_SHA_512", "ED25519_PH_SHA_512",
  "ML_DSA_SHAKE_256", "SM2DSA",
]);
const messageType = z.enum(["RAW", "DIGEST", "EXTERNAL_MU"]);
const dataKeyPairSpec = z.enum([
  "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519",
  "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024", "SM2",
]);
const macAlgorithm = z.enum(["HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"]);
const paged = { Limit: limit.optional(), Marker: marker.optional() };
// Grants (the model's PrincipalIdType, GrantNameType, GrantIdType, GrantTokenType, ServicePrincipalType).
const principal = z.string().min(1).max(256).regex(/^[\w+=,.@:/-]+$/);
const servicePrincipal = z.string().min(1).max(256).regex(/^[a-zA-Z0-9.-]+$/);
const grantId = z.string().min(1).max(128);
const grantConstraints = z.object({
  EncryptionContextSubset: encryptionContext("encryptionContextSubset").optional(),
  EncryptionContextEquals: encryptionContext("encryptionContextEquals").optional(),
  SourceArn: z.string().min(20).max(2048).optional(),
});

// Imported key material: AWS's timestamps travel as epoch seconds (JSON 1.1).
const timestamp = z.number().finite().transform((seconds) => new Date(Math.round(seconds * 1000)));
// BackingKeyIdType and KeyMaterialDescriptionType of the model.
const keyMaterialId = z.string().min(64).max(64).regex(/^[a-f0-9]+$/);
// Custom key stores (the model's CustomKeyStoreNameType, CloudHsmClusterIdType, TrustAnchorCertificateType, KeyStorePasswordType).
const customKeyStoreId = z.string().min(1).max(64);
const customKeyStoreName = z.string().min(1).max(256);
const cloudHsmClusterId = z.string().min(19).max(24);
const keyStorePassword = secretString({ min: 7, max: 32 });
const xksMembers = {
  XksProxyUriEndpoint: z.string().min(10).max(128).optional(),
  XksProxyUriPath: z.string().min(10).max(128).optional(),
  XksProxyVpcEndpointServiceName: z.string().min(20).max(64).optional(),
  XksProxyVpcEndpointServiceOwner: z.string().min(12).max(12).optional(),
  XksProxyAuthenticationCredential: z.object({ AccessKeyId: z.string(), RawSecretAccessKey: z.string() }).optional(),
  XksProxyConnectivity: z.enum(["PUBLIC_ENDPOINT", "VPC_ENDPOINT_SERVICE"]).optional(),
};
/** The password becomes SecretBytes only once the whole request is valid. */
const withPassword = <T extends { KeyStorePassword?: string | undefined }>(input: T) => {
  const { KeyStorePassword, ...rest } = input;
  return { ...rest, ...(KeyStorePassword !== undefined ? { KeyStorePassword: SecretBytes.fromUtf8(KeyStorePassword) } : {}) };
};

type Schemas = { readonly [K in KmsOperationName]: z.ZodType<KmsInputs[K], unknown> };

export const kmsSchemas: Schemas = {
  CreateCustomKeyStore: z
    .object({
      CustomKeyStoreName: customKeyStoreName,
      CloudHsmClusterId: cloudHsmClusterId.optional(),
      TrustAnchorCertificate: z.string().min(1).max(5000).optional(),
      KeyStorePassword: keyStorePassword.optional(),
      CustomKeyStoreType: z.enum(["AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"]).optional(),
      ...xksMembers,
    })
    .transform(withPassword),
  DescribeCustomKeyStores: z.object({ CustomKeyStoreId: customKeyStoreId.optional(), CustomKeyStoreName: customKeyStoreName.optional(), ...paged }),
  ConnectCustomKeyStore: z.object({ CustomKeyStoreId: customKeyStoreId }),
  DisconnectCustomKeyStore: z.object({ CustomKeyStoreId: customKeyStoreId }),
  UpdateCustomKeyStore: z
    .object({
      CustomKeyStoreId: customKeyStoreId,
      NewCustomKeyStoreName: customKeyStoreName.optional(),
      KeyStorePassword: keyStorePassword.optional(),
      CloudHsmClusterId: cloudHsmClusterId.optional(),
      ...xksMembers,
    })
    .transform(withPassword),
  DeleteCustomKeyStore: z.object({ CustomKeyStoreId: customKeyStoreId }),
  CreateKey: z.object({
    Policy: policyText.optional(),
    Description: description.optional(),
    KeyUsage: keyUsage.optional(),
    CustomerMasterKeySpec: customerMasterKeySpec.optional(),
    KeySpec: keySpec.optional(),
    Origin: z.enum(["AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"]).optional(),
    CustomKeyStoreId: z.string().min(1).max(64).optional(),
    BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
    Tags: z.array(tag).optional(),
    MultiRegion: z.boolean().optional(),
    XksKeyId: z.string().min(1).max(128).regex(/^[a-zA-Z0-9-_.]+$/).optional(),
  }),
  DescribeKey: z.object({ KeyId: keyRef, GrantTokens: grantTokens.optional() }),
  ListKeys: z.object(paged),
  EnableKey: z.object({ KeyId: keyRef }),
  DisableKey: z.object({ KeyId: keyRef }),
  ScheduleKeyDeletion: z.object({ KeyId: keyRef, PendingWindowInDays: z.number().int().min(1).max(365).optional() }),
  CancelKeyDeletion: z.object({ KeyId: keyRef }),
  UpdateKeyDescription: z.object({ KeyId: keyRef, Description: description }),
  TagResource: z.object({ KeyId: keyRef, Tags: z.array(tag) }),
  UntagResource: z.object({ KeyId: keyRef, TagKeys: z.array(z.string().min(1).max(128)) }),
  ListResourceTags: z.object({ KeyId: keyRef, ...paged }),
  CreateAlias: z.object({ AliasName: aliasName, TargetKeyId: keyRef }),
  UpdateAlias: z.object({ AliasName: aliasName, TargetKeyId: keyRef }),
  DeleteAlias: z.object({ AliasName: aliasName }),
  ListAliases: z.object({ KeyId: keyRef.optional(), ...paged }),
  Encrypt: z
    .object({
      KeyId: keyRef,
      Plaintext: secretBase64("Plaintext", { min: 1, max: 4096 }),
      EncryptionContext: encryptionContext("encryptionContext").optional(),
      GrantTokens: grantTokens.optional(),
      EncryptionAlgorithm: encryptionAlgorithm.optional(),
      DryRun: z.boolean().optional(),
    })
    .transform((input) => ({ ...input, Plaintext: decodeSecret(input.Plaintext) })),
  // CiphertextBlob may be absent only for DryRun with IGNORE_CIPHERTEXT: the use case checks.
  Decrypt: z.object({
    CiphertextBlob: blob("CiphertextBlob", { min: 1, max: 6144 }).optional(),
    EncryptionContext: encryptionContext("encryptionContext").optional(),
    GrantTokens: grantTokens.optional(),
    KeyId: keyRef.optional(),
    EncryptionAlgorithm: encryptionAlgorithm.optional(),
    Recipient: recipient.optional(),
    DryRun: z.boolean().optional(),
    DryRunModifiers: dryRunModifiers.optional(),
  }),
  ReEncrypt: z.object({
    CiphertextBlob: blob("CiphertextBlob", { min: 1, max: 6144 }).optional(),
    SourceEncryptionContext: encryptionContext("sourceEncryptionContext").optional(),
    SourceKeyId: keyRef.optional(),
    DestinationKeyId: keyRef,
    DestinationEncryptionContext: encryptionContext("destinationEncryptionContext").optional(),
    SourceEncryptionAlgorithm: encryptionAlgorithm.optional(),
    DestinationEncryptionAlgorithm: encryptionAlgorithm.optional(),
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
    DryRunModifiers: dryRunModifiers.optional(),
  }),
  GenerateDataKey: z.object({
    KeyId: keyRef,
    EncryptionContext: encryptionContext("encryptionContext").optional(),
    NumberOfBytes: numberOfBytes.optional(),
    KeySpec: dataKeySpec.optional(),
    GrantTokens: grantTokens.optional(),
    Recipient: recipient.optional(),
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyWithoutPlaintext: z.object({
    KeyId: keyRef,
    EncryptionContext: encryptionContext("encryptionContext").optional(),
    KeySpec: dataKeySpec.optional(),
    NumberOfBytes: numberOfBytes.optional(),
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
  }),
  GenerateRandom: z.object({ NumberOfBytes: numberOfBytes.optional(), CustomKeyStoreId: z.string().min(1).max(64).optional(), Recipient: recipient.optional() }),
  EnableKeyRotation: z.object({ KeyId: keyRef, RotationPeriodInDays: z.number().int().min(90).max(2560).optional() }),
  DisableKeyRotation: z.object({ KeyId: keyRef }),
  GetKeyRotationStatus: z.object({ KeyId: keyRef }),
  RotateKeyOnDemand: z.object({ KeyId: keyRef }),
  ListKeyRotations: z.object({ KeyId: keyRef, IncludeKeyMaterial: z.enum(["ALL_KEY_MATERIAL", "ROTATIONS_ONLY"]).optional(), ...paged }),
  ListKeyPolicies: z.object({ KeyId: keyRef, ...paged }),
  GetKeyPolicy: z.object({ KeyId: keyRef, PolicyName: policyName.optional() }),
  PutKeyPolicy: z.object({ KeyId: keyRef, PolicyName: policyName.optional(), Policy: policyText, BypassPolicyLockoutSafetyCheck: z.boolean().optional() }),
  CreateGrant: z.object({
    KeyId: keyRef,
    GranteePrincipal: principal.optional(),
    RetiringPrincipal: principal.optional(),
    Operations: z.array(z.enum(GRANT_OPERATIONS)).min(1),
    Constraints: grantConstraints.optional(),
    GrantTokens: grantTokens.optional(),
    Name: z.string().min(1).max(256).regex(/^[a-zA-Z0-9:/_-]+$/).optional(),
    DryRun: z.boolean().optional(),
    GranteeServicePrincipal: servicePrincipal.optional(),
    RetiringServicePrincipal: servicePrincipal.optional(),
  }),
  ListGrants: z.object({
    KeyId: keyRef,
    GrantId: grantId.optional(),
    GranteePrincipal: principal.optional(),
    GranteeServicePrincipal: servicePrincipal.optional(),
    ...paged,
  }),
  ListRetirableGrants: z.object({ RetiringPrincipal: principal.optional(), RetiringServicePrincipal: servicePrincipal.optional(), ...paged }),
  RetireGrant: z.object({
    GrantToken: z.string().min(1).max(8192).optional(),
    KeyId: keyRef.optional(),
    GrantId: grantId.optional(),
    DryRun: z.boolean().optional(),
  }),
  RevokeGrant: z.object({ KeyId: keyRef, GrantId: grantId, DryRun: z.boolean().optional() }),
  GetPublicKey: z.object({ KeyId: keyRef, GrantTokens: grantTokens.optional() }),
  GetKeyLastUsage: z.object({ KeyId: keyRef }),
  DeriveSharedSecret: z.object({
    KeyId: keyRef,
    KeyAgreementAlgorithm: z.enum(["ECDH"]),
    PublicKey: blob("PublicKey", { min: 1, max: 8192 }),
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
    Recipient: recipient.optional(),
  }),
  Encapsulate: z.object({ KeyId: keyRef, EncapsulationAlgorithm: z.enum(["ML_KEM"]), GrantTokens: grantTokens.optional(), DryRun: z.boolean().optional() }),
  Decapsulate: z.object({
    KeyId: keyRef,
    SharedSecretCiphertextBlob: blob("SharedSecretCiphertextBlob", { min: 1, max: 6144 }),
    EncapsulationAlgorithm: z.enum(["ML_KEM"]),
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyPair: z.object({
    EncryptionContext: encryptionContext("encryptionContext").optional(),
    KeyId: keyRef,
    KeyPairSpec: dataKeyPairSpec,
    GrantTokens: grantTokens.optional(),
    Recipient: recipient.optional(),
    DryRun: z.boolean().optional(),
  }),
  GenerateDataKeyPairWithoutPlaintext: z.object({
    EncryptionContext: encryptionContext("encryptionContext").optional(),
    KeyId: keyRef,
    KeyPairSpec: dataKeyPairSpec,
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
  }),
  Sign: z.object({
    KeyId: keyRef,
    Message: blob("Message", { min: 1, max: 4096 }),
    MessageType: messageType.optional(),
    GrantTokens: grantTokens.optional(),
    SigningAlgorithm: signingAlgorithm,
    DryRun: z.boolean().optional(),
  }),
  Verify: z.object({
    KeyId: keyRef,
    Message: blob("Message", { min: 1, max: 4096 }),
    MessageType: messageType.optional(),
    Signature: blob("Signature", { min: 1, max: 6144 }),
    SigningAlgorithm: signingAlgorithm,
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
  }),
  GenerateMac: z.object({
    Message: blob("Message", { min: 1, max: 4096 }),
    KeyId: keyRef,
    MacAlgorithm: macAlgorithm,
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
  }),
  VerifyMac: z.object({
    Message: blob("Message", { min: 1, max: 4096 }),
    KeyId: keyRef,
    MacAlgorithm: macAlgorithm,
    Mac: blob("Mac", { min: 1, max: 6144 }),
    GrantTokens: grantTokens.optional(),
    DryRun: z.boolean().optional(),
  }),
  // The model's AlgorithmSpec and WrappingKeySpec enums; the use case refuses the members AWS
  // no longer offers (RSAES_PKCS1_V1_5) or offers only in China (SM2, SM2PKE).
  GetParametersForImport: z.object({
    KeyId: keyRef,
    WrappingAlgorithm: z.enum(["RSAES_PKCS1_V1_5", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256", "SM2PKE"]),
    WrappingKeySpec: z.enum(["RSA_2048", "RSA_3072", "RSA_4096", "SM2"]),
  }),
  ImportKeyMaterial: z.object({
    KeyId: keyRef,
    // CiphertextType: an import token (even for an RSA_4096 wrapping key, about 2.5 KB) fits it.
    ImportToken: blob("ImportToken", { min: 1, max: 6144 }),
    EncryptedKeyMaterial: blob("EncryptedKeyMaterial", { min: 1, max: 6144 }),
    ValidTo: timestamp.optional(),
    ExpirationModel: z.enum(["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"]).optional(),
    ImportType: z.enum(["NEW_KEY_MATERIAL", "EXISTING_KEY_MATERIAL"]).optional(),
    KeyMaterialDescription: z.string().min(0).max(256).regex(/^[a-zA-Z0-9:/_\s.-]*$/).optional(),
    KeyMaterialId: keyMaterialId.optional(),
  }),
  DeleteImportedKeyMaterial: z.object({ KeyId: keyRef, KeyMaterialId: keyMaterialId.optional() }),
};
