import { isServiceError, ServiceError } from "../../core/errors.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret, loadSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";

const DAY_MS = 86_400_000;
const DEFAULT_WINDOW_DAYS = 30;

/**
 * DeleteSecret: scheduled for deletion after a recovery window of 7 to 30 days (30 by default),
 * during which RestoreSecret brings it back; or, with ForceDeleteWithoutRecovery, gone at once
 * with every version. The lifecycle sweep deletes scheduled secrets when their day comes.
 */
export function makeDeleteSecret(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"DeleteSecret"> {
  return async (input, ctx) => {
    const force = input.ForceDeleteWithoutRecovery === true;
    if (force && input.RecoveryWindowInDays !== undefined) {
      throw new ServiceError("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    const windowDays = input.RecoveryWindowInDays ?? DEFAULT_WINDOW_DAYS;
    if (windowDays < 7 || windowDays > 30) throw new ServiceError("InvalidParameterException", "RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    const conditions = force ? { "secretsmanager:ForceDeleteWithoutRecovery": true } : { "secretsmanager:RecoveryWindowInDays": windowDays };
    if (!force) {
      return changeSecret(deps, ctx, "secretsmanager:DeleteSecret", input.SecretId, async (secret) => {
        const deletionDate = new Date(ctx.now.getTime() + windowDays * DAY_MS);
        return { next: { ...secret, deletionDate }, result: { ARN: secret.arn, Name: secret.name, DeletionDate: deletionDate } };
      }, { conditions });
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      let secret;
      try {
        secret = await loadSecret(deps, ctx, "secretsmanager:DeleteSecret", input.SecretId, { conditions, allowDeleted: true });
      } catch (error) {
        // AWS: forcing the deletion of a secret that does not exist is not an error.
        if (isServiceError(error) && error.type === "ResourceNotFoundException") return { Name: input.SecretId, DeletionDate: ctx.now };
        throw error;
      }
      if (await deps.secrets.purge(secret)) return { ARN: secret.arn, Name: secret.name, DeletionDate: ctx.now };
    }
    throw secretFails.conflict();
  };
}
