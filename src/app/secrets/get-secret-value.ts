import { SecretText } from "../../core/secret-text.js";
import { accessDay, type Secret, type SecretVersion } from "../../core/secrets/secret.js";
import { AWSCURRENT } from "../../core/secrets/stages.js";
import type { SecretsOutputs } from "../../core/secrets/operations.js";
import type { RequestContext } from "../context.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { loadSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";
import { openVersion } from "./secret-values.js";
import { stagesOf } from "./secret-views.js";

/** The version a request names: by VersionId (which must carry VersionStage, if both are given), or by stage (AWSCURRENT by default). */
export async function selectVersion(deps: Pick<SecretsDeps, "secrets">, secret: Secret, selector: { readonly VersionId?: string; readonly VersionStage?: string }): Promise<SecretVersion> {
  if (selector.VersionId !== undefined) {
    const version = await deps.secrets.version(secret.arn, selector.VersionId);
    if (version === undefined || version.kind === "empty") throw secretFails.noValueForVersion(selector.VersionId);
    if (selector.VersionStage !== undefined && secret.stages.get(selector.VersionStage) !== selector.VersionId) throw secretFails.stageNotOnVersion();
    return version;
  }
  const stage = selector.VersionStage ?? AWSCURRENT;
  const versionId = secret.stages.get(stage);
  const version = versionId === undefined ? undefined : await deps.secrets.version(secret.arn, versionId);
  if (version === undefined || version.kind === "empty") throw secretFails.noValueForStage(stage);
  return version;
}

/** A version's value as GetSecretValue answers it; the read is recorded to the day. The answer owns the value. */
export async function secretValueOf(deps: Pick<SecretsDeps, "secrets" | "kms">, ctx: RequestContext, secret: Secret, version: SecretVersion): Promise<SecretsOutputs["GetSecretValue"]> {
  const value = await openVersion(deps, ctx, secret.arn, version);
  try {
    // Recorded to the day: most reads find it recorded already, and write nothing (no write lock taken).
    const day = accessDay(ctx.now);
    if (secret.lastAccessedAt?.getTime() !== day.getTime() || version.lastAccessedAt?.getTime() !== day.getTime()) {
      await deps.secrets.recordAccess(secret.arn, version.versionId, day);
    }
  } catch (error) {
    value.dispose();
    throw error;
  }
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...(version.kind === "string" ? { SecretString: new SecretText(value) } : { SecretBinary: value }),
    VersionStages: stagesOf(secret, version.versionId),
    CreatedDate: version.createdAt,
  };
}

export function makeGetSecretValue(deps: Pick<SecretsDeps, "secrets" | "authorize" | "kms">): SecretsHandler<"GetSecretValue"> {
  return async (input, ctx) => {
    const conditions = {
      ...(input.VersionId !== undefined ? { "secretsmanager:VersionId": input.VersionId } : {}),
      "secretsmanager:VersionStage": input.VersionStage ?? (input.VersionId === undefined ? AWSCURRENT : undefined),
    };
    const secret = await loadSecret(deps, ctx, "secretsmanager:GetSecretValue", input.SecretId, { conditions });
    const version = await selectVersion(deps, secret, input);
    return secretValueOf(deps, ctx, secret, version);
  };
}
