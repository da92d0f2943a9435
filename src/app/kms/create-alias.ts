import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { aliasTarget, authorizeAlias, aliasWriteFailure, MAX_ALIASES_PER_KEY, requireCustomerAliasName } from "./alias-rules.js";

export function makeCreateAlias(deps: Pick<KmsDeps, "aliases" | "resolveKey" | "authorizeKey" | "authorize">): KmsHandler<"CreateAlias"> {
  return async (input, ctx) => {
    requireCustomerAliasName(input.AliasName, ctx);
    await authorizeAlias(deps, ctx, "kms:CreateAlias", input.AliasName);
    const key = await aliasTarget(deps, ctx, "kms:CreateAlias", input.TargetKeyId);
    const outcome = await deps.aliases.create(
      { accountId: ctx.caller.accountId, region: ctx.region, aliasName: input.AliasName, targetKeyId: key.keyId, createdAt: ctx.now, lastUpdatedAt: ctx.now },
      MAX_ALIASES_PER_KEY,
    );
    if (outcome !== "done") throw aliasWriteFailure(outcome, ctx, input.AliasName, key);
    return {};
  };
}
