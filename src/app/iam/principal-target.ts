import type { PrincipalKind } from "../../ports/iam-repository.js";
import type { ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { roleArn, userArn } from "../identity/principals.js";
import type { IamDeps } from "./deps.js";
import { authorizedRole, authorizedUser } from "./rules.js";

/** The user or role an inline-policy or tagging operation works on, after the policy gate. */
export interface PrincipalTarget {
  readonly kind: PrincipalKind;
  readonly id: string;
  readonly name: string;
  readonly arn: string;
}

export async function principalTarget(
  deps: Pick<IamDeps, "iam" | "authorize">,
  ctx: RequestContext,
  kind: PrincipalKind,
  action: string,
  name: string,
  conditions?: ConditionFacts,
): Promise<PrincipalTarget> {
  if (kind === "user") {
    const user = await authorizedUser(deps, ctx, action, name, conditions);
    return { kind, id: user.userId, name: user.userName, arn: userArn(ctx.partition, user.accountId, user.path, user.userName) };
  }
  const role = await authorizedRole(deps, ctx, action, name, conditions);
  return { kind, id: role.roleId, name: role.roleName, arn: roleArn(ctx.partition, role.accountId, role.path, role.roleName) };
}
