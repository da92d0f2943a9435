import { ServiceError } from "../../core/errors.js";
import { randomPassword } from "../../core/secrets/random-password.js";
import type { SecretsHandler, SecretsDeps } from "./handler.js";

/** GetRandomPassword: on no resource, so only the caller's identity policies decide (resource "*"). */
export function makeGetRandomPassword(deps: Pick<SecretsDeps, "authorize" | "randomBytes">): SecretsHandler<"GetRandomPassword"> {
  return async (input, ctx) => {
    await deps.authorize(ctx, { action: "secretsmanager:GetRandomPassword", resource: "*", resourceAccountId: ctx.caller.accountId });
    const outcome = randomPassword(
      {
        ...(input.PasswordLength !== undefined ? { passwordLength: input.PasswordLength } : {}),
        ...(input.ExcludeCharacters !== undefined ? { excludeCharacters: input.ExcludeCharacters } : {}),
        ...(input.ExcludeNumbers !== undefined ? { excludeNumbers: input.ExcludeNumbers } : {}),
        ...(input.ExcludePunctuation !== undefined ? { excludePunctuation: input.ExcludePunctuation } : {}),
        ...(input.ExcludeUppercase !== undefined ? { excludeUppercase: input.ExcludeUppercase } : {}),
        ...(input.ExcludeLowercase !== undefined ? { excludeLowercase: input.ExcludeLowercase } : {}),
        ...(input.IncludeSpace !== undefined ? { includeSpace: input.IncludeSpace } : {}),
        ...(input.RequireEachIncludedType !== undefined ? { requireEachIncludedType: input.RequireEachIncludedType } : {}),
      },
      deps.randomBytes,
    );
    if (!outcome.ok) throw new ServiceError("InvalidParameterException", outcome.message);
    return { RandomPassword: outcome.password };
  };
}
