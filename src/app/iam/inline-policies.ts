import type { PrincipalKind } from "../../ports/iam-repository.js";
import type { RequestContext } from "../context.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import { pageOf } from "./pagination.js";
import { principalTarget } from "./principal-target.js";
import { LIMITS, policySize, requireValidPolicy } from "./rules.js";

/**
 * Put/Get/Delete/List{User,Role}Policy: eight operations that differ only in the kind of
 * principal, so they share one implementation here rather than repeat it in eight files.
 */
type Deps = Pick<IamDeps, "iam" | "authorize">;
const noun = (kind: PrincipalKind) => (kind === "user" ? "User" : "Role");
const maxSize = (kind: PrincipalKind) => (kind === "user" ? LIMITS.userPolicySize : LIMITS.rolePolicySize);

async function putPolicy(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, policyName: string, document: string): Promise<Record<string, never>> {
  requireValidPolicy(document, "identity");
  const target = await principalTarget(deps, ctx, kind, `Put${noun(kind)}Policy`, name);
  const outcome = await deps.iam.putPolicy(kind, target.id, { policyName, document }, policySize(document), maxSize(kind));
  if (outcome === "missing") throw kind === "user" ? iamFail.noSuchUser(name) : iamFail.noSuchRole(name);
  if (outcome === "too-large") throw new IamError("LimitExceeded", `Maximum policy size of ${maxSize(kind)} bytes exceeded for ${kind} ${target.name}`);
  return {};
}

async function getPolicy(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, policyName: string) {
  const target = await principalTarget(deps, ctx, kind, `Get${noun(kind)}Policy`, name);
  const policy = await deps.iam.getPolicy(kind, target.id, policyName);
  if (policy === undefined) throw iamFail.noSuchPolicy(kind, policyName);
  return { name: target.name, PolicyName: policy.policyName, PolicyDocument: policy.document };
}

async function deletePolicy(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, policyName: string): Promise<Record<string, never>> {
  const target = await principalTarget(deps, ctx, kind, `Delete${noun(kind)}Policy`, name);
  if (!(await deps.iam.deletePolicy(kind, target.id, policyName))) throw iamFail.noSuchPolicy(kind, policyName);
  return {};
}

async function listPolicies(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, paging: { Marker?: string; MaxItems?: number }) {
  const target = await principalTarget(deps, ctx, kind, `List${noun(kind)}Policies`, name);
  const { page, ...more } = pageOf((await deps.iam.listPolicies(kind, target.id)).map((p) => p.policyName), paging);
  return { PolicyNames: page, ...more };
}

export const makePutUserPolicy = (deps: Deps): IamHandler<"PutUserPolicy"> => (input, ctx) => putPolicy(deps, ctx, "user", input.UserName, input.PolicyName, input.PolicyDocument);
export const makePutRolePolicy = (deps: Deps): IamHandler<"PutRolePolicy"> => (input, ctx) => putPolicy(deps, ctx, "role", input.RoleName, input.PolicyName, input.PolicyDocument);

export const makeGetUserPolicy = (deps: Deps): IamHandler<"GetUserPolicy"> => async (input, ctx) => {
  const { name, ...policy } = await getPolicy(deps, ctx, "user", input.UserName, input.PolicyName);
  return { UserName: name, ...policy };
};
export const makeGetRolePolicy = (deps: Deps): IamHandler<"GetRolePolicy"> => async (input, ctx) => {
  const { name, ...policy } = await getPolicy(deps, ctx, "role", input.RoleName, input.PolicyName);
  return { RoleName: name, ...policy };
};

export const makeDeleteUserPolicy = (deps: Deps): IamHandler<"DeleteUserPolicy"> => (input, ctx) => deletePolicy(deps, ctx, "user", input.UserName, input.PolicyName);
export const makeDeleteRolePolicy = (deps: Deps): IamHandler<"DeleteRolePolicy"> => (input, ctx) => deletePolicy(deps, ctx, "role", input.RoleName, input.PolicyName);

export const makeListUserPolicies = (deps: Deps): IamHandler<"ListUserPolicies"> => (input, ctx) => listPolicies(deps, ctx, "user", input.UserName, input);
export const makeListRolePolicies = (deps: Deps): IamHandler<"ListRolePolicies"> => (input, ctx) => listPolicies(deps, ctx, "role", input.RoleName, input);
