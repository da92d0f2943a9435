import type { IamRole } from "../../ports/iam-repository.js";
import { resolveNamedPrincipals } from "../access/named-principals.js";
import { newPrincipalId, roleArn } from "../identity/principals.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import { authorizeIam, LIMITS, policySize, requestTagConditions, requireValidPolicy, requireValidTags, ROOT_PATH, roleView } from "./rules.js";

export function makeCreateRole(deps: Pick<IamDeps, "iam" | "authorize" | "randomBytes" | "principals">): IamHandler<"CreateRole"> {
  return async (input, ctx) => {
    const path = input.Path ?? ROOT_PATH;
    const tags = input.Tags ?? [];
    requireValidTags(tags);
    const trust = requireValidPolicy(input.AssumeRolePolicyDocument, "trust");
    if (policySize(input.AssumeRolePolicyDocument) > LIMITS.trustPolicySize) {
      throw new IamError("LimitExceeded", `Cannot exceed quota for ACLSizePerRole: ${LIMITS.trustPolicySize}`);
    }
    const arn = roleArn(ctx.partition, ctx.caller.accountId, path, input.RoleName);
    await authorizeIam(deps, ctx, "CreateRole", arn, tags.length > 0 ? requestTagConditions(tags) : undefined);
    // AWS asks for iam:TagRole as well when a role is created with tags.
    if (tags.length > 0) await authorizeIam(deps, ctx, "TagRole", arn, requestTagConditions(tags));
    // Only after the caller may create the role: the check tells which principals exist.
    const { unknown, pins } = await resolveNamedPrincipals(deps.principals, trust, ctx.partition);
    if (unknown !== undefined) throw new IamError("MalformedPolicyDocument", `Invalid principal in policy: "AWS":"${unknown.arn}"`);
    const role: IamRole = {
      accountId: ctx.caller.accountId,
      roleId: newPrincipalId("role", deps.randomBytes),
      roleName: input.RoleName,
      path,
      createdAt: ctx.now,
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      trustPolicyPins: pins,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      maxSessionDuration: input.MaxSessionDuration ?? LIMITS.defaultMaxSessionDuration,
      tags,
    };
    if (!(await deps.iam.createRole(role))) throw iamFail.roleExists(input.RoleName);
    return { Role: roleView(ctx, role) };
  };
}
