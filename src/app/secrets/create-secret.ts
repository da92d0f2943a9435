import { ServiceError } from "../../core/errors.js";
import { parseKeyRef } from "../../core/kms/identifiers.js";
import { isValidSecretName, randomSuffix, secretArn } from "../../core/secrets/names.js";
import type { Secret } from "../../core/secrets/secret.js";
import { requestTagFacts } from "../../core/policy/tag-facts.js";
import { requestTags } from "../../core/secrets/secret-tags.js";
import { labelsForNewVersion } from "../../core/secrets/stages.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { authorizeSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";
import { disposeValue, sealVersion, valueOf, versionHolds } from "./secret-values.js";

/** Checks a KmsKeyId names a key the way KMS accepts (id, ARN, alias name or alias ARN); KMS itself finds it at the first encryption. */
export function requireKeyRef(kmsKeyId: string): void {
  try {
    parseKeyRef(kmsKeyId);
  } catch {
    throw new ServiceError("InvalidParameterException", `The KmsKeyId ${kmsKeyId} is not a key ID, key ARN, alias name or alias ARN.`);
  }
}

/**
 * CreateSecret: a new secret, with its first version when a value is given (AWSCURRENT). The
 * ARN's random suffix is drawn first so that policies on `...:secret:<name>-*` decide.
 */
export function makeCreateSecret(deps: Pick<SecretsDeps, "secrets" | "authorize" | "kms" | "randomBytes">): SecretsHandler<"CreateSecret"> {
  return async (input, ctx) => {
    try {
      if (!isValidSecretName(input.Name)) throw secretFails.invalidName();
      if ((input.AddReplicaRegions?.length ?? 0) > 0 || input.ForceOverwriteReplicaSecret === true) {
        throw new ServiceError("InvalidParameterException", "Strongbox does not replicate secrets to other Regions (AddReplicaRegions).");
      }
      const value = valueOf(input);
      const token = input.ClientRequestToken;
      if (value !== undefined && token === undefined) throw secretFails.tokenRequired();
      if (input.KmsKeyId !== undefined && input.KmsKeyId !== "") requireKeyRef(input.KmsKeyId);
      const tags = input.Tags === undefined ? undefined : requestTags(input.Tags);
      if (tags !== undefined && !tags.ok) throw new ServiceError("InvalidParameterException", tags.message);
      const scope = { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
      const arn = secretArn(scope, input.Name, randomSuffix(deps.randomBytes));
      const conditions = {
        "secretsmanager:Name": input.Name,
        ...(input.Description !== undefined ? { "secretsmanager:Description": input.Description } : {}),
        ...(input.KmsKeyId !== undefined ? { "secretsmanager:KmsKeyId": input.KmsKeyId } : {}),
        ...(tags !== undefined ? requestTagFacts(tags.tags) : {}),
      };
      await deps.authorize(ctx, { action: "secretsmanager:CreateSecret", resource: arn, resourceAccountId: scope.accountId, conditions });
      if (tags !== undefined && tags.tags.length > 0) {
        await deps.authorize(ctx, { action: "secretsmanager:TagResource", resource: arn, resourceAccountId: scope.accountId, conditions });
      }

      const existing = await deps.secrets.getByName(scope.accountId, scope.region, input.Name);
      if (existing !== undefined) {
        if (existing.deletionDate !== undefined) {
          throw new ServiceError("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
        }
        // The same request again (same token, same value): answered as the first was. Comparing
        // values decrypts the existing version, so the caller must be allowed on that secret itself.
        if (token !== undefined && value !== undefined) await authorizeSecret(deps, ctx, "secretsmanager:CreateSecret", existing, conditions);
        const retried = token === undefined ? undefined : await deps.secrets.version(existing.arn, token);
        if (retried !== undefined && value !== undefined && (await versionHolds(deps, ctx, existing.arn, retried, value))) {
          return { ARN: existing.arn, Name: existing.name, VersionId: retried.versionId };
        }
        throw new ServiceError("ResourceExistsException", `The operation failed because the secret ${input.Name} already exists.`);
      }

      const kmsKeyId = input.KmsKeyId === undefined || input.KmsKeyId === "" ? undefined : input.KmsKeyId;
      const version = value !== undefined ? await sealVersion(deps, ctx, { arn, kmsKeyId, accountId: scope.accountId, region: scope.region }, token!, value) : undefined;
      const secret: Secret = {
        arn,
        accountId: scope.accountId,
        region: scope.region,
        name: input.Name,
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
        createdAt: ctx.now,
        lastChangedAt: ctx.now,
        ...(tags !== undefined ? { tags: tags.tags } : {}),
        stages: version !== undefined ? labelsForNewVersion(new Map(), version.versionId) : new Map(),
        revision: 1,
      };
      if (!(await deps.secrets.create(secret, version))) throw new ServiceError("ResourceExistsException", `The operation failed because the secret ${input.Name} already exists.`);
      return { ARN: arn, Name: input.Name, ...(version !== undefined ? { VersionId: version.versionId } : {}) };
    } finally {
      disposeValue(input);
    }
  };
}
