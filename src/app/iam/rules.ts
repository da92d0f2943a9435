import { PolicySyntaxError, parsePolicy, type ParsedPolicy } from "../../core/policy/index.js";
import { requestTagFacts, resourceTagFacts } from "../../core/policy/tag-facts.js";
import type { IamRole, IamTag, IamUser } from "../../ports/iam-repository.js";
import type { ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { roleArn, userArn } from "../identity/principals.js";
import type { IamDeps } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import type { RoleView, UserView } from "./model.js";

/** IAM and STS quotas (AWS: "IAM and AWS STS quotas"). */
export const LIMITS = {
  accessKeysPerUser: 2,
  tagsPerPrincipal: 50,
  /** Aggregate size of a user's inline policies, in non-whitespace characters. */
  userPolicySize: 2048,
  /** Aggregate size of a role's inline policies, in non-whitespace characters. */
  rolePolicySize: 10240,
  /** A role's trust policy (AssumeRolePolicySizeQuota), in non-whitespace characters. */
  trustPolicySize: 2048,
  defaultMaxSessionDuration: 3600,
} as const;

/** The default (and the root of) IAM paths. */
export const ROOT_PATH = "/";

/** IAM counts a policy's size without its white space. */
export function policySize(document: string): number {
  return document.replace(/\s/g, "").length;
}

/** Checks the policy grammar; the document is stored as sent, as IAM keeps it. */
export function requireValidPolicy(document: string, kind: "identity" | "trust"): ParsedPolicy {
  try {
    return parsePolicy(document, kind);
  } catch (error) {
    if (error instanceof PolicySyntaxError) throw new IamError("MalformedPolicyDocument", error.message);
    throw error;
  }
}

/** Tag keys compare without case in IAM; "aws:" keys are AWS's own. */
export function requireValidTags(tags: readonly IamTag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (key.startsWith("aws:")) throw new IamError("InvalidInput", "User is not authorized to perform tag operations with the aws: prefix; it is reserved for AWS use.");
    if (seen.has(key)) throw new IamError("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    seen.add(key);
  }
}

export async function authorizeIam(deps: Pick<IamDeps, "authorize">, ctx: RequestContext, action: string, resource: string, conditions?: ConditionFacts): Promise<void> {
  await deps.authorize(ctx, { action: `iam:${action}`, resource, resourceAccountId: ctx.caller.accountId, ...(conditions ? { conditions } : {}) });
}

/** aws:RequestTag/<key> and aws:TagKeys, for the policy gate to judge a tagging request. */
export function requestTagConditions(tags: readonly IamTag[]): ConditionFacts {
  return requestTagFacts(tags);
}

/** aws:ResourceTag/<key> and iam:ResourceTag/<key>: the tags of the user or role acted on. */
export function resourceTagConditions(tags: readonly IamTag[] | undefined): ConditionFacts {
  return resourceTagFacts(tags, "iam:ResourceTag");
}

/**
 * The caller's user of that name, after the policy gate allowed `action` on it: unauthorised
 * callers see AccessDenied whether the user exists or not.
 */
export async function authorizedUser(deps: Pick<IamDeps, "iam" | "authorize">, ctx: RequestContext, action: string, userName: string, conditions?: ConditionFacts): Promise<IamUser> {
  const user = await deps.iam.getUser(ctx.caller.accountId, userName);
  await authorizeIam(deps, ctx, action, userArn(ctx.partition, ctx.caller.accountId, user?.path ?? ROOT_PATH, user?.userName ?? userName), {
    ...resourceTagConditions(user?.tags),
    ...conditions,
  });
  if (user === undefined) throw iamFail.noSuchUser(userName);
  return user;
}

export async function authorizedRole(deps: Pick<IamDeps, "iam" | "authorize">, ctx: RequestContext, action: string, roleName: string, conditions?: ConditionFacts): Promise<IamRole> {
  const role = await deps.iam.getRole(ctx.caller.accountId, roleName);
  await authorizeIam(deps, ctx, action, roleArn(ctx.partition, ctx.caller.accountId, role?.path ?? ROOT_PATH, role?.roleName ?? roleName), {
    ...resourceTagConditions(role?.tags),
    ...conditions,
  });
  if (role === undefined) throw iamFail.noSuchRole(roleName);
  return role;
}

export function userView(ctx: RequestContext, user: IamUser, options: { withTags: boolean }): UserView {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: userArn(ctx.partition, user.accountId, user.path, user.userName),
    CreateDate: user.createdAt,
    ...(options.withTags && user.tags.length > 0 ? { Tags: user.tags } : {}),
  };
}

export function roleView(ctx: RequestContext, role: IamRole): RoleView {
  return {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: roleArn(ctx.partition, role.accountId, role.path, role.roleName),
    CreateDate: role.createdAt,
    AssumeRolePolicyDocument: role.assumeRolePolicyDocument,
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(role.tags.length > 0 ? { Tags: role.tags } : {}),
  };
}
