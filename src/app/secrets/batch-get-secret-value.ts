import { isServiceError, ServiceError } from "../../core/errors.js";
import type { APIErrorType, SecretValueEntry } from "../../core/secrets/operations.js";
import { AWSCURRENT } from "../../core/secrets/stages.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { matchingSecrets, requireValidFilters } from "./list-secrets.js";
import { pageOf } from "./page-token.js";
import { authorizeSecret, loadSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";
import { secretValueOf, selectVersion } from "./get-secret-value.js";
import type { Secret } from "../../core/secrets/secret.js";
import type { RequestContext } from "../context.js";

const DEFAULT_MAX_RESULTS = 20;
/** The error codes a per-secret failure is reported with (APIErrorType); anything else fails the whole call. */
const PER_SECRET_ERRORS = new Set(["ResourceNotFoundException", "InvalidParameterException", "InvalidRequestException", "DecryptionFailure", "AccessDeniedException", "ValidationException"]);

/**
 * BatchGetSecretValue: the AWSCURRENT values of up to 20 secrets, named by SecretIdList or found
 * by Filters (never both). A secret that cannot be read is reported in Errors; the others are
 * still answered. Each read is authorized as GetSecretValue.
 */
export function makeBatchGetSecretValue(deps: Pick<SecretsDeps, "secrets" | "authorize" | "kms">): SecretsHandler<"BatchGetSecretValue"> {
  return async (input, ctx) => {
    const byList = input.SecretIdList !== undefined;
    if (byList === (input.Filters !== undefined)) throw new ServiceError("InvalidParameterException", "You must include Filters or SecretIdList, but not both.");
    if (byList && (input.MaxResults !== undefined || input.NextToken !== undefined)) {
      throw new ServiceError("InvalidParameterException", "MaxResults and NextToken can be used only with Filters.");
    }
    requireValidFilters(input.Filters);
    await deps.authorize(ctx, { action: "secretsmanager:BatchGetSecretValue", resource: "*", resourceAccountId: ctx.caller.accountId });
    const values: SecretValueEntry[] = [];
    const errors: APIErrorType[] = [];
    const read = async (secretId: string, load: () => Promise<Secret>) => {
      try {
        const secret = await load();
        values.push(await secretValueOf(deps, ctx, secret, await selectVersion(deps, secret, {})));
      } catch (error) {
        if (!isServiceError(error) || !PER_SECRET_ERRORS.has(error.type)) throw error;
        errors.push({ SecretId: secretId, ErrorCode: error.type, Message: error.message });
      }
    };
    try {
      if (byList) {
        for (const secretId of input.SecretIdList!) {
          await read(secretId, () => loadSecret(deps, ctx, "secretsmanager:GetSecretValue", secretId, { conditions: { "secretsmanager:VersionStage": AWSCURRENT } }));
        }
        return { SecretValues: values, Errors: errors };
      }
      await deps.authorize(ctx, { action: "secretsmanager:ListSecrets", resource: "*", resourceAccountId: ctx.caller.accountId });
      const secrets = await matchingSecrets(deps, ctx, { filters: input.Filters! });
      const { page, nextToken } = pageOf(`BatchGetSecretValue/${JSON.stringify(input.Filters)}`, secrets, input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
      for (const secret of page) await read(secret.arn, () => authorized(deps, ctx, secret));
      return { SecretValues: values, Errors: errors, ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
    } catch (error) {
      for (const value of values) {
        value.SecretString?.dispose();
        value.SecretBinary?.dispose();
      }
      throw error;
    }
  };
}

async function authorized(deps: Pick<SecretsDeps, "authorize">, ctx: RequestContext, secret: Secret): Promise<Secret> {
  await authorizeSecret(deps, ctx, "secretsmanager:GetSecretValue", secret, { "secretsmanager:VersionStage": AWSCURRENT });
  if (secret.deletionDate !== undefined) throw secretFails.markedForDeletion();
  return secret;
}
