import { ServiceError, fail } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { aliasArnIn, aliasTarget, authorizeAlias, aliasWriteFailure, MAX_ALIASES_PER_KEY, requireCustomerAliasName } from "./alias-rules.js";

export function makeUpdateAlias(deps: Pick<KmsDeps, "aliases" | "keys" | "resolveKey" | "authorizeKey" | "authorize">): KmsHandler<"UpdateAlias"> {
  return async (input, ctx) => {
    requireCustomerAliasName(input.AliasName, ctx);
    const alias = await deps.aliases.get(ctx.caller.accountId, ctx.region, input.AliasName);
    if (alias === undefined) throw fail.aliasNotFound(aliasArnIn(ctx, input.AliasName));
    await authorizeAlias(deps, ctx, "kms:UpdateAlias", input.AliasName);
    const target = await aliasTarget(deps, ctx, "kms:UpdateAlias", input.TargetKeyId);
    const current = await deps.keys.get({ accountId: alias.accountId, region: alias.region, keyId: alias.targetKeyId });
    if (current !== undefined) await deps.authorizeKey(ctx, { action: "kms:UpdateAlias", key: current });
    if (current !== undefined && (current.keySpec !== target.keySpec || current.keyUsage !== target.keyUsage)) {
      throw new ServiceError(
        "ValidationException",
        `${target.arn} has key spec ${target.keySpec} and key usage ${target.keyUsage}; the alias points at a key with key spec ${current.keySpec} and key usage ${current.keyUsage}. An alias can move only between keys of the same type and usage.`,
      );
    }
    const outcome = await deps.aliases.retarget(alias.accountId, alias.region, alias.aliasName, target.keyId, ctx.now, MAX_ALIASES_PER_KEY);
    if (outcome !== "done") throw aliasWriteFailure(outcome, ctx, input.AliasName, target);
    return {};
  };
}
