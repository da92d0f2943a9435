import type { RequestContext } from "../context.js";
import { userArn } from "../identity/principals.js";
import type { IamDeps } from "./deps.js";
import { iamFail } from "./errors.js";
import { authorizedUser, authorizeIam } from "./rules.js";

/** Whose access keys an operation manages: the named user, or (without a UserName) the caller itself. */
export interface AccessKeyOwner {
  readonly principalArn: string;
  readonly userId?: string;
  readonly userName?: string;
}

export async function accessKeyOwner(deps: Pick<IamDeps, "iam" | "authorize">, ctx: RequestContext, action: string, userName: string | undefined): Promise<AccessKeyOwner> {
  const { caller } = ctx;
  const name = userName ?? caller.userName;
  if (name !== undefined) {
    const user = await authorizedUser(deps, ctx, action, name);
    return { principalArn: userArn(ctx.partition, user.accountId, user.path, user.userName), userId: user.userId, userName: user.userName };
  }
  // The account root manages its own keys; a role session has none to manage.
  if (caller.principalType !== "Root") throw iamFail.mustNameUser();
  await authorizeIam(deps, ctx, action, caller.principalArn);
  return { principalArn: caller.principalArn };
}
