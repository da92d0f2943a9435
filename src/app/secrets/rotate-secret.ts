import { ServiceError } from "../../core/errors.js";
import { placeholderVersion, type SecretRotation } from "../../core/secrets/secret.js";
import { AWSPENDING } from "../../core/secrets/stages.js";
import type { RotationFunctionLookup } from "../../ports/rotation.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { lambdaInSecretScope, nextRotationDate, rotationUnfinished, scheduleOf } from "./rotation-rules.js";
import { changeSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";

export interface RotationDeps {
  readonly functionFor: RotationFunctionLookup;
  /** Starts the rotation now, in the background (rotation is asynchronous, as in AWS). */
  readonly startRotation: (secretArn: string) => void;
}

/** AWS's answer when it cannot invoke the rotation function. */
export const CANNOT_INVOKE = "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.";

/**
 * RotateSecret: sets the rotation function and schedule, and (unless RotateImmediately is false)
 * starts a rotation whose new version is the ClientRequestToken. The answer comes before the
 * four steps run; DescribeSecret and the trail (RotationSucceeded / RotationFailed) tell how it went.
 * The rotation acts with the identity of the caller that configured it.
 */
export function makeRotateSecret(deps: Pick<SecretsDeps, "secrets" | "authorize"> & RotationDeps): SecretsHandler<"RotateSecret"> {
  return async (input, ctx) => {
    const token = input.ClientRequestToken;
    if (token === undefined) throw secretFails.tokenRequired("InvalidParameterException");
    if (input.ExternalSecretRotationMetadata !== undefined || input.ExternalSecretRotationRoleArn !== undefined) {
      throw new ServiceError("InvalidParameterException", "Strongbox does not rotate external (partner-managed) secrets.");
    }
    scheduleOf(input.RotationRules);
    const immediately = input.RotateImmediately ?? true;
    const conditions = input.RotationLambdaARN !== undefined ? { "secretsmanager:RotationLambdaARN": input.RotationLambdaARN } : {};
    const result = await changeSecret(deps, ctx, "secretsmanager:RotateSecret", input.SecretId, async (secret) => {
      const lambdaArn = input.RotationLambdaARN ?? secret.rotation?.lambdaArn;
      if (lambdaArn === undefined) throw new ServiceError("InvalidRequestException", "No Lambda rotation function ARN is associated with this secret.");
      if (!lambdaInSecretScope(lambdaArn, secret) || deps.functionFor(lambdaArn) === undefined) throw new ServiceError("AccessDeniedException", CANNOT_INVOKE);
      if (rotationUnfinished(secret)) throw new ServiceError("InvalidRequestException", "A previous rotation isn't complete. That rotation will be reattempted.");
      if (immediately && (await deps.secrets.version(secret.arn, token)) !== undefined) throw secretFails.versionExists();
      const rules = input.RotationRules ?? secret.rotation?.rules ?? {};
      const { inProgress: _none, nextRotationAt: _old, principalSessionIssuedAtMs: _session, ...kept } = secret.rotation ?? ({} as Partial<SecretRotation>);
      const nextRotationAt = nextRotationDate(secret, rules, secret.rotation?.lastRotatedAt, ctx.now);
      const rotation: SecretRotation = {
        ...kept,
        enabled: true,
        lambdaArn,
        rules,
        principalArn: ctx.caller.principalArn,
        ...(ctx.caller.sessionIssuedAt !== undefined ? { principalSessionIssuedAtMs: ctx.caller.sessionIssuedAt.getTime() } : {}),
        ...(nextRotationAt !== undefined ? { nextRotationAt } : {}),
        ...(immediately ? { inProgress: { versionId: token, nextStep: "createSecret" as const, attempts: 0 } } : {}),
      };
      const result = { ARN: secret.arn, Name: secret.name, ...(immediately ? { VersionId: token } : {}) };
      if (!immediately) return { next: { ...secret, rotation }, result };
      // As AWS does: the new version exists at once, empty and labelled AWSPENDING, for the function's steps to fill.
      const stages = new Map(secret.stages).set(AWSPENDING, token);
      return { next: { ...secret, rotation, stages }, write: { newVersion: placeholderVersion(token, ctx.now) }, result };
    }, { conditions });
    if (immediately) deps.startRotation(result.ARN);
    return result;
  };
}

/**
 * CancelRotateSecret: turns automatic rotation off, keeping the function and rules, and stops a
 * rotation in progress. As in AWS, its AWSPENDING label stays: remove it with
 * UpdateSecretVersionStage before rotating again.
 */
export function makeCancelRotateSecret(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"CancelRotateSecret"> {
  return async (input, ctx) =>
    changeSecret(deps, ctx, "secretsmanager:CancelRotateSecret", input.SecretId, async (secret) => {
      if (secret.rotation === undefined) throw new ServiceError("InvalidRequestException", "You can't cancel rotation: rotation isn't configured for this secret.");
      const { inProgress, nextRotationAt: _cancelled, ...rest } = secret.rotation;
      return {
        next: { ...secret, rotation: { ...rest, enabled: false } },
        result: { ARN: secret.arn, Name: secret.name, ...(inProgress !== undefined ? { VersionId: inProgress.versionId } : {}) },
      };
    });
}
