import { ServiceError } from "../../core/errors.js";
import { labelsForNewVersion } from "../../core/secrets/stages.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";
import { disposeValue, sealVersion, valueOf, versionHolds } from "./secret-values.js";
import { stagesOf } from "./secret-views.js";
import { pruneVersions } from "./version-retention.js";

/**
 * PutSecretValue: a new version under the secret's key. Without VersionStages it becomes
 * AWSCURRENT (the old one AWSPREVIOUS); with them, those labels move to it. The same token with
 * the same value again changes nothing; with another value it is refused.
 */
export function makePutSecretValue(deps: Pick<SecretsDeps, "secrets" | "authorize" | "kms" | "randomBytes">): SecretsHandler<"PutSecretValue"> {
  return async (input, ctx) => {
    try {
      const value = valueOf(input);
      if (value === undefined) throw new ServiceError("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
      const token = input.ClientRequestToken;
      if (token === undefined) throw secretFails.tokenRequired();
      const conditions = input.VersionStages !== undefined ? { "secretsmanager:VersionStage": input.VersionStages } : {};
      const result = await changeSecret(deps, ctx, "secretsmanager:PutSecretValue", input.SecretId, async (secret) => {
        const existing = await deps.secrets.version(secret.arn, token);
        if (existing?.kind === "empty") {
          // The AWSPENDING placeholder of a rotation: its value is written now, once (AWS's rotation templates rely on it).
          const filled = { ...(await sealVersion(deps, ctx, secret, token, value)), createdAt: existing.createdAt };
          const next = { ...secret, stages: labelsForNewVersion(secret.stages, token, input.VersionStages), lastChangedAt: ctx.now };
          return { next, write: { reencrypted: [filled] }, result: { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stagesOf(next, token) } };
        }
        if (existing !== undefined) {
          if (!(await versionHolds(deps, ctx, secret.arn, existing, value))) throw secretFails.versionExists();
          return { result: { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stagesOf(secret, token) } };
        }
        const version = await sealVersion(deps, ctx, secret, token, value);
        const next = { ...secret, stages: labelsForNewVersion(secret.stages, token, input.VersionStages), lastChangedAt: ctx.now };
        return { next, write: { newVersion: version }, result: { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: stagesOf(next, token) } };
      }, { conditions });
      await pruneVersions(deps, ctx, result.ARN);
      return result;
    } finally {
      disposeValue(input);
    }
  };
}
