import type { IamDeps, IamHandler } from "./deps.js";
import { iamFail } from "./errors.js";
import { authorizedUser, authorizeIam, userView } from "./rules.js";

/** Without a UserName, the caller: its own user, or the account root (as AWS answers the root). */
export function makeGetUser(deps: Pick<IamDeps, "iam" | "authorize" | "accounts">): IamHandler<"GetUser"> {
  return async (input, ctx) => {
    const { caller } = ctx;
    const userName = input.UserName ?? caller.userName;
    if (userName !== undefined) return { User: userView(ctx, await authorizedUser(deps, ctx, "GetUser", userName), { withTags: true }) };
    if (caller.principalType !== "Root") throw iamFail.mustNameUser();
    await authorizeIam(deps, ctx, "GetUser", caller.principalArn);
    const createdAt = (await deps.accounts.createdAt(caller.accountId)) ?? ctx.now;
    return { User: { UserId: caller.accountId, Arn: caller.principalArn, CreateDate: createdAt } };
  };
}
