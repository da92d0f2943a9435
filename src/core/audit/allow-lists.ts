import type { Fields } from "./shape.js";

/**
 * What of a request and its answer the audit trail keeps, per service. The request lists apply to
 * every operation of the service; the response lists are per operation, and every operation not
 * named records `"responseElements": null`, as AWS does for cryptographic and read-only calls.
 *
 * Deliberately absent (never add them): Plaintext, CiphertextBlob, Message, Signature, Mac,
 * PublicKey, SharedSecret*, PrivateKey*, SecretAccessKey, SessionToken, GrantToken(s), ImportToken,
 * EncryptedKeyMaterial, Recipient (attestation documents), Password, ExternalId, TokenCode,
 * KeyStorePassword (a custom key store's token PIN), XksProxyAuthenticationCredential.
 */

const tagList = (key: string, value: string): Fields => ({ [key]: "scalar", [value]: "scalar" });

/** KMS request members, named as the KMS JSON protocol names them. */
export const KMS_REQUEST: Fields = {
  KeyId: "scalar",
  EncryptionContext: "map",
  EncryptionAlgorithm: "scalar",
  KeySpec: "scalar",
  KeyUsage: "scalar",
  CustomerMasterKeySpec: "scalar",
  KeyPairSpec: "scalar",
  NumberOfBytes: "scalar",
  Origin: "scalar",
  MultiRegion: "scalar",
  CustomKeyStoreId: "scalar",
  CustomKeyStoreName: "scalar",
  NewCustomKeyStoreName: "scalar",
  CustomKeyStoreType: "scalar",
  CloudHsmClusterId: "scalar",
  XksKeyId: "scalar",
  SigningAlgorithm: "scalar",
  MessageType: "scalar",
  MacAlgorithm: "scalar",
  KeyAgreementAlgorithm: "scalar",
  EncapsulationAlgorithm: "scalar",
  Description: "scalar",
  Policy: "scalar",
  PolicyName: "scalar",
  BypassPolicyLockoutSafetyCheck: "scalar",
  AliasName: "scalar",
  TargetKeyId: "scalar",
  GrantId: "scalar",
  GranteePrincipal: "scalar",
  RetiringPrincipal: "scalar",
  GranteeServicePrincipal: "scalar",
  RetiringServicePrincipal: "scalar",
  Operations: "strings",
  Constraints: { fields: { EncryptionContextSubset: "map", EncryptionContextEquals: "map", SourceArn: "scalar" } },
  Name: "scalar",
  Tags: { listOf: tagList("TagKey", "TagValue") },
  TagKeys: "strings",
  PendingWindowInDays: "scalar",
  RotationPeriodInDays: "scalar",
  IncludeKeyMaterial: "scalar",
  SourceKeyId: "scalar",
  DestinationKeyId: "scalar",
  SourceEncryptionContext: "map",
  DestinationEncryptionContext: "map",
  SourceEncryptionAlgorithm: "scalar",
  DestinationEncryptionAlgorithm: "scalar",
  WrappingAlgorithm: "scalar",
  WrappingKeySpec: "scalar",
  ExpirationModel: "scalar",
  ValidTo: "scalar",
  ImportType: "scalar",
  KeyMaterialId: "scalar",
  KeyMaterialDescription: "scalar",
  DryRun: "scalar",
  DryRunModifiers: "strings",
  Limit: "scalar",
  Marker: "scalar",
};

/** KeyMetadata as CreateKey returns it: descriptive only (CloudTrail logs it for CreateKey). */
const KEY_METADATA: Fields = {
  AWSAccountId: "scalar",
  KeyId: "scalar",
  Arn: "scalar",
  CreationDate: "scalar",
  Enabled: "scalar",
  Description: "scalar",
  KeyUsage: "scalar",
  KeyState: "scalar",
  DeletionDate: "scalar",
  ValidTo: "scalar",
  ExpirationModel: "scalar",
  Origin: "scalar",
  CustomKeyStoreId: "scalar",
  CloudHsmClusterId: "scalar",
  KeyManager: "scalar",
  CustomerMasterKeySpec: "scalar",
  KeySpec: "scalar",
  EncryptionAlgorithms: "strings",
  SigningAlgorithms: "strings",
  MacAlgorithms: "strings",
  KeyAgreementAlgorithms: "strings",
  EncapsulationAlgorithms: "strings",
  MultiRegion: "scalar",
  PendingDeletionWindowInDays: "scalar",
  CurrentKeyMaterialId: "scalar",
};

/** KMS answers CloudTrail records (the AWS developer guide's log entry examples). */
export const KMS_RESPONSE: Readonly<Record<string, Fields>> = {
  CreateKey: { KeyMetadata: { fields: KEY_METADATA } },
  // The grant token is a bearer credential: only the grant id is kept.
  CreateGrant: { GrantId: "scalar", KeyId: "scalar" },
  ScheduleKeyDeletion: { KeyId: "scalar", KeyState: "scalar", DeletionDate: "scalar", PendingWindowInDays: "scalar" },
  CancelKeyDeletion: { KeyId: "scalar" },
  RotateKeyOnDemand: { KeyId: "scalar" },
  // The KeyMaterialId is a keyed commitment to the material (docs/byok.md): it reveals nothing of it.
  ImportKeyMaterial: { KeyId: "scalar", KeyMaterialId: "scalar" },
  DeleteImportedKeyMaterial: { KeyId: "scalar", KeyMaterialId: "scalar" },
  CreateCustomKeyStore: { CustomKeyStoreId: "scalar" },
};

/**
 * KMS operations whose log entry carries the affected key's ARN as `responseElements.keyId` "even
 * though this operation does not return the key ARN" (AWS, for entries since December 2022).
 */
export const KMS_KEY_ARN_IN_RESPONSE: ReadonlySet<string> = new Set([
  "CreateGrant", "ScheduleKeyDeletion", "CancelKeyDeletion", "RotateKeyOnDemand", "EnableKey", "DisableKey",
  "EnableKeyRotation", "DisableKeyRotation", "PutKeyPolicy", "UpdateKeyDescription", "TagResource", "UntagResource",
  "RetireGrant", "RevokeGrant",
]);

/** IAM request members, named as the Query protocol names them (lists already unpacked). */
export const IAM_REQUEST: Fields = {
  UserName: "scalar",
  NewUserName: "scalar",
  NewPath: "scalar",
  RoleName: "scalar",
  GroupName: "scalar",
  Path: "scalar",
  PathPrefix: "scalar",
  PolicyName: "scalar",
  PolicyArn: "scalar",
  PolicyDocument: "scalar",
  AssumeRolePolicyDocument: "scalar",
  Description: "scalar",
  MaxSessionDuration: "scalar",
  PermissionsBoundary: "scalar",
  Tags: { listOf: tagList("Key", "Value") },
  TagKeys: "strings",
  AccessKeyId: "scalar",
  Status: "scalar",
  VersionId: "scalar",
  SetAsDefault: "scalar",
  PolicySourceArn: "scalar",
  ActionNames: "strings",
  ResourceArns: "strings",
  Marker: "scalar",
  MaxItems: "scalar",
};

const IAM_TAGS: Fields = { Tags: { listOf: tagList("Key", "Value") } };

export const IAM_RESPONSE: Readonly<Record<string, Fields>> = {
  CreateUser: { User: { fields: { Path: "scalar", UserName: "scalar", UserId: "scalar", Arn: "scalar", CreateDate: "scalar", ...IAM_TAGS } } },
  CreateRole: {
    Role: {
      fields: {
        Path: "scalar",
        RoleName: "scalar",
        RoleId: "scalar",
        Arn: "scalar",
        CreateDate: "scalar",
        AssumeRolePolicyDocument: "scalar",
        Description: "scalar",
        MaxSessionDuration: "scalar",
        ...IAM_TAGS,
      },
    },
  },
  // Never SecretAccessKey.
  CreateAccessKey: { AccessKey: { fields: { AccessKeyId: "scalar", Status: "scalar", UserName: "scalar" } } },
};

/** STS request members. ExternalId, SerialNumber and TokenCode stay out: they help prove who calls. */
export const STS_REQUEST: Fields = {
  RoleArn: "scalar",
  RoleSessionName: "scalar",
  DurationSeconds: "scalar",
  Policy: "scalar",
  PolicyArns: { listOf: { arn: "scalar" } },
  Tags: { listOf: tagList("Key", "Value") },
  TransitiveTagKeys: "strings",
  SourceIdentity: "scalar",
};

/** Temporary credentials: their id and expiry, never the secret key or the session token. */
const CREDENTIALS: Fields = { Credentials: { fields: { AccessKeyId: "scalar", Expiration: "scalar" } } };

export const STS_RESPONSE: Readonly<Record<string, Fields>> = {
  AssumeRole: { AssumedRoleUser: { fields: { AssumedRoleId: "scalar", Arn: "scalar" } }, ...CREDENTIALS },
  GetSessionToken: CREDENTIALS,
};

/** Strongbox's admin API (SimulateKeyAccess). */
export const STRONGBOX_REQUEST: Fields = {
  PrincipalArn: "scalar",
  Action: "scalar",
  KeyId: "scalar",
  EncryptionContext: "map",
  SourceIp: "scalar",
};

export const STRONGBOX_RESPONSE: Readonly<Record<string, Fields>> = {};

/** CloudTrail's LookupEvents (reading the trail is itself recorded). NextToken is an opaque cursor: left out. */
export const CLOUDTRAIL_REQUEST: Fields = {
  LookupAttributes: { listOf: { AttributeKey: "scalar", AttributeValue: "scalar" } },
  StartTime: "scalar",
  EndTime: "scalar",
  EventCategory: "scalar",
  MaxResults: "scalar",
};

/**
 * Secrets Manager request members. Never SecretString, SecretBinary or RandomPassword; never
 * ClientRequestToken (it becomes a version id, recorded as VersionId where an answer names it).
 */
export const SECRETSMANAGER_REQUEST: Fields = {
  SecretId: "scalar",
  SecretIdList: "strings",
  Name: "scalar",
  Description: "scalar",
  KmsKeyId: "scalar",
  VersionId: "scalar",
  VersionStage: "scalar",
  VersionStages: "strings",
  MoveToVersionId: "scalar",
  RemoveFromVersionId: "scalar",
  RecoveryWindowInDays: "scalar",
  ForceDeleteWithoutRecovery: "scalar",
  IncludePlannedDeletion: "scalar",
  IncludeDeprecated: "scalar",
  MaxResults: "scalar",
  SortOrder: "scalar",
  SortBy: "scalar",
  Filters: { listOf: { Key: "scalar", Values: "strings" } },
  Tags: { listOf: tagList("Key", "Value") },
  TagKeys: "strings",
  RotationLambdaARN: "scalar",
  RotationRules: { fields: { AutomaticallyAfterDays: "scalar", Duration: "scalar", ScheduleExpression: "scalar" } },
  RotateImmediately: "scalar",
  BlockPublicPolicy: "scalar",
  ResourcePolicy: "scalar",
  PasswordLength: "scalar",
  ExcludeCharacters: "scalar",
  ExcludeNumbers: "scalar",
  ExcludePunctuation: "scalar",
  ExcludeUppercase: "scalar",
  ExcludeLowercase: "scalar",
  IncludeSpace: "scalar",
  RequireEachIncludedType: "scalar",
};

const SECRET_REF: Fields = { ARN: "scalar", Name: "scalar" };
const SECRET_VERSION: Fields = { ...SECRET_REF, VersionId: "scalar" };

/** Secrets Manager answers: which secret and version a write made; reads of values record null. */
export const SECRETSMANAGER_RESPONSE: Readonly<Record<string, Fields>> = {
  CreateSecret: SECRET_VERSION,
  PutSecretValue: { ...SECRET_VERSION, VersionStages: "strings" },
  UpdateSecret: SECRET_VERSION,
  UpdateSecretVersionStage: SECRET_REF,
  DeleteSecret: { ...SECRET_REF, DeletionDate: "scalar" },
  RestoreSecret: SECRET_REF,
  PutResourcePolicy: SECRET_REF,
  DeleteResourcePolicy: SECRET_REF,
  RotateSecret: SECRET_VERSION,
  CancelRotateSecret: SECRET_VERSION,
};

/**
 * Parameter Store request members. Never Value (a SecureString's plaintext, or a value the caller
 * may consider secret whatever its type).
 */
export const SSM_REQUEST: Fields = {
  Name: "scalar",
  Names: "strings",
  Path: "scalar",
  Recursive: "scalar",
  WithDecryption: "scalar",
  Type: "scalar",
  KeyId: "scalar",
  Overwrite: "scalar",
  Description: "scalar",
  AllowedPattern: "scalar",
  Tier: "scalar",
  Policies: "scalar",
  DataType: "scalar",
  MaxResults: "scalar",
  Shared: "scalar",
  ParameterVersion: "scalar",
  Labels: "strings",
  ResourceType: "scalar",
  ResourceId: "scalar",
  TagKeys: "strings",
  Tags: { listOf: tagList("Key", "Value") },
  Filters: { listOf: { Key: "scalar", Values: "strings" } },
  ParameterFilters: { listOf: { Key: "scalar", Option: "scalar", Values: "strings" } },
};

/** Parameter Store answers of writes; reads (values) record null. */
export const SSM_RESPONSE: Readonly<Record<string, Fields>> = {
  PutParameter: { Version: "scalar", Tier: "scalar" },
  DeleteParameters: { DeletedParameters: "strings", InvalidParameters: "strings" },
  LabelParameterVersion: { InvalidLabels: "strings", ParameterVersion: "scalar" },
  UnlabelParameterVersion: { RemovedLabels: "strings", InvalidLabels: "strings" },
};

export interface ServiceAllowLists {
  readonly eventSource: string;
  readonly request: Fields;
  readonly response: Readonly<Record<string, Fields>>;
}

export type AuditedService = "kms" | "iam" | "sts" | "strongbox" | "cloudtrail" | "secretsmanager" | "ssm";

export const SERVICES: Readonly<Record<AuditedService, ServiceAllowLists>> = {
  kms: { eventSource: "kms.amazonaws.com", request: KMS_REQUEST, response: KMS_RESPONSE },
  iam: { eventSource: "iam.amazonaws.com", request: IAM_REQUEST, response: IAM_RESPONSE },
  sts: { eventSource: "sts.amazonaws.com", request: STS_REQUEST, response: STS_RESPONSE },
  strongbox: { eventSource: "strongbox.amazonaws.com", request: STRONGBOX_REQUEST, response: STRONGBOX_RESPONSE },
  cloudtrail: { eventSource: "cloudtrail.amazonaws.com", request: CLOUDTRAIL_REQUEST, response: {} },
  secretsmanager: { eventSource: "secretsmanager.amazonaws.com", request: SECRETSMANAGER_REQUEST, response: SECRETSMANAGER_RESPONSE },
  ssm: { eventSource: "ssm.amazonaws.com", request: SSM_REQUEST, response: SSM_RESPONSE },
};
