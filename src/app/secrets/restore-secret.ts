import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret } from "./secret-access.js";

/** RestoreSecret: cancels a scheduled deletion; on a secret that is not scheduled it changes nothing. */
export function makeRestoreSecret(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"RestoreSecret"> {
  return async (input, ctx) =>
    changeSecret(deps, ctx, "secretsmanager:RestoreSecret", input.SecretId, async (secret) => {
      const result = { ARN: secret.arn, Name: secret.name };
      if (secret.deletionDate === undefined) return { result };
      const { deletionDate: _cancelled, ...restored } = secret;
      return { next: restored, result };
    }, { allowDeleted: true });
}
