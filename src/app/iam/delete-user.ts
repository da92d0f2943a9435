import type { IamDeps, IamHandler } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import { authorizedUser } from "./rules.js";

/**
 * As in AWS, a user with access keys or inline policies is not deleted (DeleteConflict), so no
 * credential of a deleted user can remain, cached or stored.
 */
export function makeDeleteUser(deps: Pick<IamDeps, "iam" | "authorize">): IamHandler<"DeleteUser"> {
  return async (input, ctx) => {
    const user = await authorizedUser(deps, ctx, "DeleteUser", input.UserName);
    const outcome = await deps.iam.deleteUser(ctx.caller.accountId, user.userName);
    if (outcome === "missing") throw iamFail.noSuchUser(input.UserName);
    if (outcome === "has-access-keys") throw new IamError("DeleteConflict", "Cannot delete entity, must delete access keys first.");
    if (outcome === "has-policies") throw new IamError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    return {};
  };
}
