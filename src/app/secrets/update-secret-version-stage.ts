import { ServiceError, type ErrorType } from "../../core/errors.js";
import { AWSPENDING, moveLabel, type StageRefusal } from "../../core/secrets/stages.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret } from "./secret-access.js";

const REFUSAL_TYPES: Readonly<Record<StageRefusal["kind"], ErrorType>> = {
  "invalid-parameter": "InvalidParameterException",
  "invalid-request": "InvalidRequestException",
  "version-not-found": "ResourceNotFoundException",
};

/** UpdateSecretVersionStage: moves or removes one staging label, as AWS moves them (core/secrets/stages.ts). */
export function makeUpdateSecretVersionStage(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"UpdateSecretVersionStage"> {
  return async (input, ctx) =>
    changeSecret(deps, ctx, "secretsmanager:UpdateSecretVersionStage", input.SecretId, async (secret) => {
      // Only AWSPENDING may label a version that has no value yet (a rotation's placeholder):
      // AWSCURRENT on one would leave the secret with no current value.
      const versions = new Set((await deps.secrets.versions(secret.arn)).filter((v) => v.kind !== "empty" || input.VersionStage === AWSPENDING).map((v) => v.versionId));
      const outcome = moveLabel(secret.stages, versions, input.VersionStage, {
        ...(input.MoveToVersionId !== undefined ? { moveTo: input.MoveToVersionId } : {}),
        ...(input.RemoveFromVersionId !== undefined ? { removeFrom: input.RemoveFromVersionId } : {}),
      });
      if (!outcome.ok) throw new ServiceError(REFUSAL_TYPES[outcome.kind], outcome.message);
      return { next: { ...secret, stages: outcome.labels }, result: { ARN: secret.arn, Name: secret.name } };
    }, { conditions: { "secretsmanager:VersionStage": input.VersionStage } });
}
