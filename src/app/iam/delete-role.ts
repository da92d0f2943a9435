import type { IamDeps, IamHandler } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import { authorizedRole } from "./rules.js";

/** The role's sessions end with it: stored ones are deleted, cached ones forgotten at once. */
export function makeDeleteRole(deps: Pick<IamDeps, "iam" | "authorize" | "forgetAccessKey">): IamHandler<"DeleteRole"> {
  return async (input, ctx) => {
    const role = await authorizedRole(deps, ctx, "DeleteRole", input.RoleName);
    const result = await deps.iam.deleteRole(ctx.caller.accountId, role.roleName);
    if (result.outcome !== "deleted") {
      throw result.outcome === "missing" ? iamFail.noSuchRole(input.RoleName) : new IamError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    }
    for (const accessKeyId of result.sessionKeyIds) deps.forgetAccessKey(accessKeyId);
    return {};
  };
}
