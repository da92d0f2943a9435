import type { RequestContext } from "../context.js";
import type { StsOutputs } from "./model.js";

/** Who the credentials belong to. AWS needs no permission for it, and neither does Strongbox. */
export function makeGetCallerIdentity(): (input: unknown, ctx: RequestContext) => Promise<StsOutputs["GetCallerIdentity"]> {
  return async (_input, ctx) => ({ UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.principalArn });
}
