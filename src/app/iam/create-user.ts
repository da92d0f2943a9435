import type { IamUser } from "../../ports/iam-repository.js";
import { newPrincipalId, userArn } from "../identity/principals.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { iamFail } from "./errors.js";
import { authorizeIam, requestTagConditions, requireValidTags, ROOT_PATH, userView } from "./rules.js";

export function makeCreateUser(deps: Pick<IamDeps, "iam" | "authorize" | "randomBytes">): IamHandler<"CreateUser"> {
  return async (input, ctx) => {
    const path = input.Path ?? ROOT_PATH;
    const tags = input.Tags ?? [];
    requireValidTags(tags);
    const arn = userArn(ctx.partition, ctx.caller.accountId, path, input.UserName);
    await authorizeIam(deps, ctx, "CreateUser", arn, tags.length > 0 ? requestTagConditions(tags) : undefined);
    // AWS asks for iam:TagUser as well when a user is created with tags.
    if (tags.length > 0) await authorizeIam(deps, ctx, "TagUser", arn, requestTagConditions(tags));
    const user: IamUser = { accountId: ctx.caller.accountId, userId: newPrincipalId("user", deps.randomBytes), userName: input.UserName, path, createdAt: ctx.now, tags };
    if (!(await deps.iam.createUser(user))) throw iamFail.userExists(input.UserName);
    return { User: userView(ctx, user, { withTags: true }) };
  };
}
