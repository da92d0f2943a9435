import type { SecretBytes } from "../secret-bytes.js";
import type { SecretText } from "../secret-text.js";

/**
 * The Secrets Manager operations Strongbox serves, with their typed inputs and outputs (wire
 * member names). The wire schemas (protocol/secrets/schemas.ts) produce the inputs; the use cases
 * (app/secrets) take them. Both tables are keyed by these names, so the compiler refuses one
 * that misses an operation. Model: botocore secretsmanager/2017-10-17, tables in
 * docs/research/secrets-manager-reference.md §9. Replication is not served: its input members are
 * typed so the use cases can refuse them, and no output carries ReplicationStatus.
 */

export interface Tag {
  readonly Key?: string;
  readonly Value?: string;
}

export type FilterKey = "description" | "name" | "tag-key" | "tag-value" | "primary-region" | "owning-service" | "all";
export interface Filter {
  readonly Key?: FilterKey;
  readonly Values?: readonly string[];
}

export interface RotationRules {
  readonly AutomaticallyAfterDays?: number;
  readonly Duration?: string;
  readonly ScheduleExpression?: string;
}

/** Metadata for a managed external secret's rotation (accepted on the wire; Strongbox has no external secrets). */
export interface ExternalSecretRotationMetadataItem {
  readonly Key?: string;
  readonly Value?: string;
}

/** A replica region as CreateSecret's AddReplicaRegions names it: accepted on the wire, refused by the use case. */
export interface ReplicaRegion {
  readonly Region?: string;
  readonly KmsKeyId?: string;
}

/** The model's ReplicationStatusType. Strongbox does not replicate, so no output carries one. */
export interface ReplicationStatus {
  readonly Region?: string;
  readonly KmsKeyId?: string;
  readonly Status?: "InSync" | "Failed" | "InProgress";
  readonly StatusMessage?: string;
  readonly LastAccessedDate?: Date;
}

/** Version id → its staging labels (DescribeSecret's VersionIdsToStages, ListSecrets' SecretVersionsToStages). */
export type VersionsToStages = Readonly<Record<string, readonly string[]>>;

/** The members DescribeSecret and a ListSecrets entry share ("only fields that have a value", §2.11). */
export interface SecretMetadata {
  readonly ARN?: string;
  readonly Name?: string;
  readonly Type?: string;
  readonly Description?: string;
  readonly KmsKeyId?: string;
  readonly RotationEnabled?: boolean;
  readonly RotationLambdaARN?: string;
  readonly RotationRules?: RotationRules;
  readonly ExternalSecretRotationMetadata?: readonly ExternalSecretRotationMetadataItem[];
  readonly ExternalSecretRotationRoleArn?: string;
  readonly LastRotatedDate?: Date;
  readonly LastChangedDate?: Date;
  readonly LastAccessedDate?: Date;
  readonly DeletedDate?: Date;
  readonly NextRotationDate?: Date;
  readonly Tags?: readonly Tag[];
  readonly OwningService?: string;
  readonly CreatedDate?: Date;
  readonly PrimaryRegion?: string;
}

export interface SecretListEntry extends SecretMetadata {
  readonly SecretVersionsToStages?: VersionsToStages;
}

export interface SecretVersionsListEntry {
  readonly VersionId?: string;
  readonly VersionStages?: readonly string[];
  readonly LastAccessedDate?: Date;
  readonly CreatedDate?: Date;
  readonly KmsKeyIds?: readonly string[];
}

export interface ValidationErrorsEntry {
  readonly CheckName?: string;
  readonly ErrorMessage?: string;
}

/** One secret BatchGetSecretValue could not return, with the error GetSecretValue would have given. */
export interface APIErrorType {
  readonly SecretId?: string;
  readonly ErrorCode?: string;
  readonly Message?: string;
}

/** A secret value as GetSecretValue returns it: SecretString goes out as JSON text, SecretBinary as base64. */
export interface SecretValueEntry {
  readonly ARN?: string;
  readonly Name?: string;
  readonly VersionId?: string;
  readonly SecretBinary?: SecretBytes;
  readonly SecretString?: SecretText;
  readonly VersionStages?: readonly string[];
  readonly CreatedDate?: Date;
}

interface SecretInput {
  readonly SecretId: string;
}
/** The secret value members of CreateSecret, UpdateSecret and PutSecretValue: SecretBytes once parsed. */
interface SecretValueInput {
  readonly SecretString?: SecretBytes;
  readonly SecretBinary?: SecretBytes;
}
interface Paged {
  readonly MaxResults?: number;
  readonly NextToken?: string;
}
interface SecretRefOutput {
  readonly ARN?: string;
  readonly Name?: string;
}
interface VersionOutput extends SecretRefOutput {
  readonly VersionId?: string;
}
type Empty = Record<string, never>;

export interface SecretsInputs {
  CreateSecret: SecretValueInput & {
    readonly Name: string;
    readonly ClientRequestToken?: string;
    readonly Description?: string;
    readonly KmsKeyId?: string;
    readonly Tags?: readonly Tag[];
    readonly AddReplicaRegions?: readonly ReplicaRegion[];
    readonly ForceOverwriteReplicaSecret?: boolean;
    readonly Type?: string;
  };
  GetSecretValue: SecretInput & { readonly VersionId?: string; readonly VersionStage?: string };
  BatchGetSecretValue: Paged & { readonly SecretIdList?: readonly string[]; readonly Filters?: readonly Filter[] };
  PutSecretValue: SecretInput &
    SecretValueInput & {
      readonly ClientRequestToken?: string;
      readonly VersionStages?: readonly string[];
      readonly RotationToken?: string;
    };
  UpdateSecret: SecretInput &
    SecretValueInput & {
      readonly ClientRequestToken?: string;
      readonly Description?: string;
      readonly KmsKeyId?: string;
      readonly Type?: string;
    };
  DescribeSecret: SecretInput;
  ListSecrets: Paged & {
    readonly IncludePlannedDeletion?: boolean;
    readonly Filters?: readonly Filter[];
    readonly SortOrder?: "asc" | "desc";
    readonly SortBy?: "created-date" | "last-accessed-date" | "last-changed-date" | "name";
  };
  ListSecretVersionIds: SecretInput & Paged & { readonly IncludeDeprecated?: boolean };
  UpdateSecretVersionStage: SecretInput & {
    readonly VersionStage: string;
    readonly RemoveFromVersionId?: string;
    readonly MoveToVersionId?: string;
  };
  DeleteSecret: SecretInput & { readonly RecoveryWindowInDays?: number; readonly ForceDeleteWithoutRecovery?: boolean };
  RestoreSecret: SecretInput;
  TagResource: SecretInput & { readonly Tags: readonly Tag[] };
  UntagResource: SecretInput & { readonly TagKeys: readonly string[] };
  GetRandomPassword: {
    readonly PasswordLength?: number;
    readonly ExcludeCharacters?: string;
    readonly ExcludeNumbers?: boolean;
    readonly ExcludePunctuation?: boolean;
    readonly ExcludeUppercase?: boolean;
    readonly ExcludeLowercase?: boolean;
    readonly IncludeSpace?: boolean;
    readonly RequireEachIncludedType?: boolean;
  };
  GetResourcePolicy: SecretInput;
  PutResourcePolicy: SecretInput & { readonly ResourcePolicy: string; readonly BlockPublicPolicy?: boolean };
  DeleteResourcePolicy: SecretInput;
  ValidateResourcePolicy: { readonly SecretId?: string; readonly ResourcePolicy: string };
  RotateSecret: SecretInput & {
    readonly ClientRequestToken?: string;
    readonly RotationLambdaARN?: string;
    readonly RotationRules?: RotationRules;
    readonly ExternalSecretRotationMetadata?: readonly ExternalSecretRotationMetadataItem[];
    readonly ExternalSecretRotationRoleArn?: string;
    readonly RotateImmediately?: boolean;
  };
  CancelRotateSecret: SecretInput;
}

export interface SecretsOutputs {
  CreateSecret: VersionOutput & { readonly ReplicationStatus?: readonly ReplicationStatus[] };
  GetSecretValue: SecretValueEntry;
  BatchGetSecretValue: {
    readonly SecretValues?: readonly SecretValueEntry[];
    readonly NextToken?: string;
    readonly Errors?: readonly APIErrorType[];
  };
  PutSecretValue: VersionOutput & { readonly VersionStages?: readonly string[] };
  UpdateSecret: VersionOutput;
  DescribeSecret: SecretMetadata & {
    readonly VersionIdsToStages?: VersionsToStages;
    readonly ReplicationStatus?: readonly ReplicationStatus[];
  };
  ListSecrets: { readonly SecretList?: readonly SecretListEntry[]; readonly NextToken?: string };
  ListSecretVersionIds: SecretRefOutput & { readonly Versions?: readonly SecretVersionsListEntry[]; readonly NextToken?: string };
  UpdateSecretVersionStage: SecretRefOutput;
  DeleteSecret: SecretRefOutput & { readonly DeletionDate?: Date };
  RestoreSecret: SecretRefOutput;
  TagResource: Empty;
  UntagResource: Empty;
  GetRandomPassword: { readonly RandomPassword: string };
  GetResourcePolicy: SecretRefOutput & { readonly ResourcePolicy?: string };
  PutResourcePolicy: SecretRefOutput;
  DeleteResourcePolicy: SecretRefOutput;
  ValidateResourcePolicy: { readonly PolicyValidationPassed?: boolean; readonly ValidationErrors?: readonly ValidationErrorsEntry[] };
  RotateSecret: VersionOutput;
  CancelRotateSecret: VersionOutput;
}

export type SecretsOperationName = keyof SecretsInputs;
