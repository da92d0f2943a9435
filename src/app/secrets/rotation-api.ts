import type { AuditEvent } from "../../core/audit/index.js";
import { isServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { SecretsInputs, SecretsOutputs } from "../../core/secrets/operations.js";
import { AWSCURRENT, AWSPENDING } from "../../core/secrets/stages.js";
import type { RotationSecrets } from "../../ports/rotation.js";
import { serviceCallEvent } from "../audit/service-calls.js";
import type { RequestContext } from "../context.js";
import type { Handler } from "../operation-table.js";

type Op<K extends keyof SecretsInputs & keyof SecretsOutputs> = Handler<SecretsInputs[K], SecretsOutputs[K]>;

/** The Secrets Manager use cases a built-in rotator calls, as a Lambda rotation function calls the API. */
export interface RotationApiDeps {
  readonly getSecretValue: Op<"GetSecretValue">;
  readonly describeSecret: Op<"DescribeSecret">;
  readonly putSecretValue: Op<"PutSecretValue">;
  readonly updateSecretVersionStage: Op<"UpdateSecretVersionStage">;
  readonly getRandomPassword: Op<"GetRandomPassword">;
  readonly recordAudit: (event: AuditEvent) => Promise<void>;
  readonly newRequestId: () => string;
  readonly now: () => Date;
}

const INVOKER = "secretsmanager.amazonaws.com";

/**
 * RotationSecrets for a built-in rotator, acting as `ctx` (the identity rotation runs with).
 * Every call goes through the use case, so it is authorized as that identity, and is recorded in
 * the trail as a Secrets Manager call invoked by secretsmanager.amazonaws.com.
 */
export function rotationApi(deps: RotationApiDeps, base: RequestContext): RotationSecrets {
  async function call<I extends object, O>(operation: string, handler: Handler<I, O>, input: I, auditInput: Record<string, unknown>, readOnly: boolean): Promise<O> {
    const ctx: RequestContext = { ...base, requestId: deps.newRequestId(), now: deps.now() };
    let output: O | undefined;
    let error: unknown;
    try {
      output = await handler(input, ctx);
    } catch (failure) {
      error = failure;
    }
    const recordedOutput = output as Record<string, unknown> | undefined;
    await deps.recordAudit(
      serviceCallEvent({ service: "secretsmanager", operation, ctx, input: auditInput, ...(error === undefined ? { output: recordedOutput } : { error }), invokedBy: INVOKER, eventId: deps.newRequestId(), readOnly }),
    );
    if (error !== undefined) throw error;
    return output!;
  }
  const notFound = (error: unknown) => isServiceError(error) && error.type === "ResourceNotFoundException";

  return {
    async getSecretString(secretId, selector) {
      const input = "versionStage" in selector ? { SecretId: secretId, VersionStage: selector.versionStage } : { SecretId: secretId, VersionId: selector.versionId };
      let answer: SecretsOutputs["GetSecretValue"];
      try {
        answer = await call("GetSecretValue", deps.getSecretValue, input, { ...input }, true);
      } catch (error) {
        if (notFound(error)) return undefined;
        throw error;
      }
      try {
        // The rotator needs the text itself (a database password to log in with): this copy is the rotator's.
        return answer.SecretString?.bytes.use((bytes) => bytes.toString("utf8"));
      } finally {
        answer.SecretString?.dispose();
        answer.SecretBinary?.dispose();
      }
    },
    async versionStages(secretId) {
      return (await call("DescribeSecret", deps.describeSecret, { SecretId: secretId }, { SecretId: secretId }, true)).VersionIdsToStages ?? {};
    },
    async putPendingSecret(secretId, token, secretString) {
      const input = { SecretId: secretId, ClientRequestToken: token, SecretString: SecretBytes.fromUtf8(secretString), VersionStages: [AWSPENDING] };
      await call("PutSecretValue", deps.putSecretValue, input, { SecretId: secretId, VersionStages: [AWSPENDING] }, false);
    },
    async finish(secretId, token) {
      const stages = await this.versionStages(secretId);
      const current = Object.entries(stages).find(([, labels]) => labels.includes(AWSCURRENT))?.[0];
      if (current !== token) {
        const move = { SecretId: secretId, VersionStage: AWSCURRENT, MoveToVersionId: token, ...(current !== undefined ? { RemoveFromVersionId: current } : {}) };
        await call("UpdateSecretVersionStage", deps.updateSecretVersionStage, move, { ...move }, false);
      }
      // As AWS's current templates do: the new current version keeps no AWSPENDING label.
      if ((stages[token] ?? []).includes(AWSPENDING)) {
        const unlabel = { SecretId: secretId, VersionStage: AWSPENDING, RemoveFromVersionId: token };
        await call("UpdateSecretVersionStage", deps.updateSecretVersionStage, unlabel, { ...unlabel }, false);
      }
    },
    async randomPassword(options) {
      const input = { ...(options.passwordLength !== undefined ? { PasswordLength: options.passwordLength } : {}), ...(options.excludeCharacters !== undefined ? { ExcludeCharacters: options.excludeCharacters } : {}) };
      return (await call("GetRandomPassword", deps.getRandomPassword, input, { ...input }, true)).RandomPassword;
    },
  };
}
