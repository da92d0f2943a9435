import { z } from "zod";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { SecretsInputs, SecretsOperationName } from "../../core/secrets/operations.js";
import { SENSITIVE } from "../validation.js";
import { decodeSecret, secretBase64, secretString } from "../wire-types.js";

/**
 * Wire schemas of the Secrets Manager operations, with the constraints of the AWS service model
 * (botocore secretsmanager/2017-10-17; docs/research/secrets-manager-reference.md §9). A model
 * constraint violation is a ValidationException (§2.2: AWS answers it, unmodelled, for model
 * constraints and bad secret names). Rules the model does not state (a secret name's characters,
 * RecoveryWindowInDays 7-30, one secret value at most) are the use cases' to enforce, with the
 * errors AWS gives for them.
 */
export const SECRETS_TARGET_PREFIXES: readonly string[] = ["secretsmanager."];

// Shapes of the model, named as it names them.
const secretIdType = z.string().min(1).max(2048);
const nameType = z.string().min(1).max(512);
const clientRequestToken = z.string().min(32).max(64);
const descriptionType = z.string().min(0).max(2048);
const kmsKeyIdType = z.string().min(0).max(2048);
const medeaType = z.string().min(0).max(256);
const secretVersionId = z.string().min(32).max(64);
const secretVersionStage = z.string().min(1).max(256);
const secretVersionStages = z.array(secretVersionStage).min(1).max(20);
const nextToken = z.string().min(1).max(4096);
const maxResults = z.number().int().min(1).max(100);
const tag = z.object({ Key: z.string().min(1).max(128).optional(), Value: z.string().min(0).max(256).optional() });
const tagList = z.array(tag);
const resourcePolicy = z.string().min(1).max(20480);
const region = z.string().min(1).max(128).regex(/^([a-z]+-)+\d+$/);
const roleArn = z.string().min(20).max(2048);
const filterKey = z.enum(["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"]);
const filter = z.object({
  Key: filterKey.optional(),
  Values: z.array(z.string().min(0).max(512).regex(/^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$/)).min(1).max(10).optional(),
});
const filters = z.array(filter).max(10);
// The model's patterns are whole-value matches (Duration `[0-9]+h`, ScheduleExpression `[0-9A-Za-z\(\)#\?\*\-\/, ]+`).
const rotationRules = z.object({
  AutomaticallyAfterDays: z.number().int().min(1).max(1000).optional(),
  Duration: z.string().min(2).max(3).regex(/^[0-9]+h$/).optional(),
  ScheduleExpression: z.string().min(1).max(256).regex(/^[0-9A-Za-z\(\)#\?\*\-\/, ]+$/).optional(),
});
const externalSecretRotationMetadata = z.array(z.object({ Key: z.string().min(1).max(256).optional(), Value: z.string().min(1).max(2048).optional() }));
const replicaRegions = z.array(z.object({ Region: region.optional(), KmsKeyId: kmsKeyIdType.optional() })).min(1);

/** RotationToken is sensitive in the model: checked like the others, but its value is never echoed. */
const ROTATION_TOKEN = /^[a-zA-Z0-9-]+$/;
const rotationToken = z.string().superRefine((value, ctx) => {
  const message =
    value.length < 36 ? "Member must have length greater than or equal to 36"
    : value.length > 256 ? "Member must have length less than or equal to 256"
    : !ROTATION_TOKEN.test(value) ? "Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-]+$"
    : undefined;
  if (message !== undefined) ctx.addIssue({ code: "custom", input: value, params: { [SENSITIVE]: true }, message });
});

/** SecretString counts characters, SecretBinary decoded bytes (both 1-65536 in the model). */
const secretValue = {
  SecretString: secretString({ min: 1, max: 65536 }).optional(),
  SecretBinary: secretBase64("SecretBinary", { min: 1, max: 65536 }).optional(),
};
/** The secret value becomes SecretBytes only once the whole request is valid: a refused request leaves no copy. */
const withSecretValue = <T extends { SecretString?: string | undefined; SecretBinary?: string | undefined }>(input: T) => {
  const { SecretString, SecretBinary, ...rest } = input;
  return {
    ...rest,
    ...(SecretString !== undefined ? { SecretString: SecretBytes.fromUtf8(SecretString) } : {}),
    ...(SecretBinary !== undefined ? { SecretBinary: decodeSecret(SecretBinary) } : {}),
  };
};

const secretOnly = z.object({ SecretId: secretIdType });

type Schemas = { readonly [K in SecretsOperationName]: z.ZodType<SecretsInputs[K], unknown> };

export const secretsSchemas: Schemas = {
  CreateSecret: z
    .object({
      Name: nameType,
      ClientRequestToken: clientRequestToken.optional(),
      Description: descriptionType.optional(),
      KmsKeyId: kmsKeyIdType.optional(),
      ...secretValue,
      Tags: tagList.optional(),
      AddReplicaRegions: replicaRegions.optional(),
      ForceOverwriteReplicaSecret: z.boolean().optional(),
      Type: medeaType.optional(),
    })
    .transform(withSecretValue),
  GetSecretValue: z.object({ SecretId: secretIdType, VersionId: secretVersionId.optional(), VersionStage: secretVersionStage.optional() }),
  BatchGetSecretValue: z.object({
    SecretIdList: z.array(secretIdType).min(1).max(20).optional(),
    Filters: filters.optional(),
    MaxResults: z.number().int().min(1).max(20).optional(),
    NextToken: nextToken.optional(),
  }),
  PutSecretValue: z
    .object({
      SecretId: secretIdType,
      ClientRequestToken: clientRequestToken.optional(),
      ...secretValue,
      VersionStages: secretVersionStages.optional(),
      RotationToken: rotationToken.optional(),
    })
    .transform(withSecretValue),
  UpdateSecret: z
    .object({
      SecretId: secretIdType,
      ClientRequestToken: clientRequestToken.optional(),
      Description: descriptionType.optional(),
      KmsKeyId: kmsKeyIdType.optional(),
      ...secretValue,
      Type: medeaType.optional(),
    })
    .transform(withSecretValue),
  DescribeSecret: secretOnly,
  ListSecrets: z.object({
    IncludePlannedDeletion: z.boolean().optional(),
    MaxResults: maxResults.optional(),
    NextToken: nextToken.optional(),
    Filters: filters.optional(),
    SortOrder: z.enum(["asc", "desc"]).optional(),
    SortBy: z.enum(["created-date", "last-accessed-date", "last-changed-date", "name"]).optional(),
  }),
  ListSecretVersionIds: z.object({
    SecretId: secretIdType,
    MaxResults: maxResults.optional(),
    NextToken: nextToken.optional(),
    IncludeDeprecated: z.boolean().optional(),
  }),
  UpdateSecretVersionStage: z.object({
    SecretId: secretIdType,
    VersionStage: secretVersionStage,
    RemoveFromVersionId: secretVersionId.optional(),
    MoveToVersionId: secretVersionId.optional(),
  }),
  // A long without a model range; the 7-30 day window is the service's rule (InvalidParameterException).
  DeleteSecret: z.object({ SecretId: secretIdType, RecoveryWindowInDays: z.number().int().optional(), ForceDeleteWithoutRecovery: z.boolean().optional() }),
  RestoreSecret: secretOnly,
  TagResource: z.object({ SecretId: secretIdType, Tags: tagList }),
  UntagResource: z.object({ SecretId: secretIdType, TagKeys: z.array(z.string().min(1).max(128)) }),
  GetRandomPassword: z.object({
    PasswordLength: z.number().int().min(1).max(4096).optional(),
    ExcludeCharacters: z.string().min(0).max(4096).optional(),
    ExcludeNumbers: z.boolean().optional(),
    ExcludePunctuation: z.boolean().optional(),
    ExcludeUppercase: z.boolean().optional(),
    ExcludeLowercase: z.boolean().optional(),
    IncludeSpace: z.boolean().optional(),
    RequireEachIncludedType: z.boolean().optional(),
  }),
  GetResourcePolicy: secretOnly,
  PutResourcePolicy: z.object({ SecretId: secretIdType, ResourcePolicy: resourcePolicy, BlockPublicPolicy: z.boolean().optional() }),
  DeleteResourcePolicy: secretOnly,
  ValidateResourcePolicy: z.object({ SecretId: secretIdType.optional(), ResourcePolicy: resourcePolicy }),
  RotateSecret: z.object({
    SecretId: secretIdType,
    ClientRequestToken: clientRequestToken.optional(),
    RotationLambdaARN: z.string().min(0).max(2048).optional(),
    RotationRules: rotationRules.optional(),
    ExternalSecretRotationMetadata: externalSecretRotationMetadata.optional(),
    ExternalSecretRotationRoleArn: roleArn.optional(),
    RotateImmediately: z.boolean().optional(),
  }),
  CancelRotateSecret: secretOnly,
};
