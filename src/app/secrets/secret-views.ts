import type { SecretListEntry, SecretMetadata, SecretsOutputs } from "../../core/secrets/operations.js";
import type { Secret } from "../../core/secrets/secret.js";
import { versionIdsToStages } from "../../core/secrets/stages.js";

/**
 * A secret as DescribeSecret and ListSecrets show it: only the fields that have a value
 * (docs/research/secrets-manager-reference.md §2.11).
 */
export function secretMetadata(secret: Secret): SecretMetadata {
  const rotation = secret.rotation;
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined && secret.description !== "" ? { Description: secret.description } : {}),
    ...(secret.kmsKeyId !== undefined ? { KmsKeyId: secret.kmsKeyId } : {}),
    ...(rotation !== undefined
      ? {
          RotationEnabled: rotation.enabled,
          RotationLambdaARN: rotation.lambdaArn,
          RotationRules: rotation.rules,
          ...(rotation.lastRotatedAt !== undefined ? { LastRotatedDate: rotation.lastRotatedAt } : {}),
          ...(rotation.enabled && rotation.nextRotationAt !== undefined ? { NextRotationDate: rotation.nextRotationAt } : {}),
        }
      : {}),
    LastChangedDate: secret.lastChangedAt,
    ...(secret.lastAccessedAt !== undefined ? { LastAccessedDate: secret.lastAccessedAt } : {}),
    ...(secret.deletionDate !== undefined ? { DeletedDate: secret.deletionDate } : {}),
    ...(secret.tags !== undefined ? { Tags: secret.tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
    CreatedDate: secret.createdAt,
  };
}

export function describeView(secret: Secret): SecretsOutputs["DescribeSecret"] {
  const stages = versionIdsToStages(secret.stages);
  return { ...secretMetadata(secret), ...(Object.keys(stages).length > 0 ? { VersionIdsToStages: stages } : {}) };
}

export function listEntryView(secret: Secret): SecretListEntry {
  const stages = versionIdsToStages(secret.stages);
  return { ...secretMetadata(secret), ...(Object.keys(stages).length > 0 ? { SecretVersionsToStages: stages } : {}) };
}

/** The labels a version carries, sorted as AWS lists them. */
export function stagesOf(secret: Secret, versionId: string): string[] {
  return [...secret.stages].filter(([, id]) => id === versionId).map(([label]) => label).sort();
}
