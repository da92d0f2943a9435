import { fail } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { aliasArnIn, requireCustomerAliasName } from "./alias-rules.js";

export function makeDeleteAlias(deps: Pick<KmsDeps, "aliases">): KmsHandler<"DeleteAlias"> {
  return async (input, ctx) => {
    requireCustomerAliasName(input.AliasName, ctx);
    if (!(await deps.aliases.delete(ctx.caller.accountId, ctx.region, input.AliasName))) {
      throw fail.aliasNotFound(aliasArnIn(ctx, input.AliasName));
    }
    return {};
  };
}
