import type { IamDeps, IamHandler } from "./deps.js";
import { authorizedRole, roleView } from "./rules.js";

export function makeGetRole(deps: Pick<IamDeps, "iam" | "authorize">): IamHandler<"GetRole"> {
  return async (input, ctx) => ({ Role: roleView(ctx, await authorizedRole(deps, ctx, "GetRole", input.RoleName)) });
}
