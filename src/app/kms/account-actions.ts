import type { ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";

/**
 * KMS actions on no particular key (CreateKey, ListKeys, ListAliases, GenerateRandom): only the
 * caller's identity policies decide, on resource "*", as AWS documents for them.
 */
export async function authorizeAccountAction(deps: Pick<KmsDeps, "authorize">, ctx: RequestContext, action: string, conditions?: ConditionFacts): Promise<void> {
  await deps.authorize(ctx, { action, resource: "*", resourceAccountId: ctx.caller.accountId, ...(conditions ? { conditions } : {}) });
}
