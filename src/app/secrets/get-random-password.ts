import { ServiceError } from "../../core/errors.js";
import { randomPassword, type PasswordOptions } from "../../core/secrets/random-password.js";
import type { SecretsHandler, SecretsDeps } from "./handler.js";

/** GetRandomPassword: on no resource, so only the caller's identity policies decide (resource "*"). */
export function makeGetRandomPassword(deps: Pick<SecretsDeps, "authorize" | "randomBytes">): SecretsHandler<"GetRandomPassword"> {
  return async (input, ctx) => {
    await deps.authorize(ctx, { action: "secretsmanager:GetRandomPassword", resource: "*", resourceAccountId: ctx.caller.accountId });
    const options: PasswordOptions = {
      passwordLength: input.PasswordLength,
      excludeCharacters: input.ExcludeCharacters,
      excludeNumbers: input.ExcludeNumbers,
      excludePunctuation: input.ExcludePunctuation,
      excludeUppercase: input.ExcludeUppercase,
      excludeLowercase: input.ExcludeLowercase,
      includeSpace: input.IncludeSpace,
      requireEachIncludedType: input.RequireEachIncludedType,
    };
    const outcome = randomPassword(options, deps.randomBytes);
    if (!outcome.ok) throw new ServiceError("InvalidParameterException", outcome.message);
    return { RandomPassword: outcome.password };
  };
}
