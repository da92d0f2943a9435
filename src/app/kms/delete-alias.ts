import { fail } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { aliasArnIn, authorizeAlias, requireCustomerAliasName } from "./alias-rules.js";

/** DeleteAlias needs kms:DeleteAlias on the alias (identity policies) and on its key (key policy). */
export function makeDeleteAlias(deps: Pick<KmsDeps, "aliases" | "keys" | "authorize" | "authorizeKey">): KmsHandler<"DeleteAlias"> {
  return async (input, ctx) => {
    requireCustomerAliasName(input.AliasName, ctx);
    await authorizeAlias(deps, ctx, "kms:DeleteAlias", input.AliasName);
    const alias = await deps.aliases.get(ctx.caller.accountId, ctx.region, input.AliasName);
    const key = alias && (await deps.keys.get({ accountId: alias.accountId, region: alias.region, keyId: alias.targetKeyId }));
    if (key !== undefined) await deps.authorizeKey(ctx, { action: "kms:DeleteAlias", key });
    if (!(await deps.aliases.delete(ctx.caller.accountId, ctx.region, input.AliasName))) {
      throw fail.aliasNotFound(aliasArnIn(ctx, input.AliasName));
    }
    return {};
  };
}
