import type { Caller } from "../../core/identity/caller.js";
import type { IamRepository } from "../../ports/iam-repository.js";
import type { IdentityPolicy, IdentityPolicySource } from "../../ports/identity-policies.js";

/**
 * The identity policies in force for a caller: a user's inline policies, or those of the role
 * behind a session. The server passes an IAM repository that keeps them in memory and forgets a
 * principal's on every write (withCachedInlinePolicies), so a changed policy applies to the next
 * call. The account root has none. Lookups go by the stable principal id, so a user deleted and created again under the same name does not inherit the old user's policies.
 */
export function makeIdentityPolicySource(deps: { iam: Pick<IamRepository, "listPolicies"> }): IdentityPolicySource {
  return {
    async policiesFor(caller: Caller): Promise<readonly IdentityPolicy[]> {
      if (caller.principalType === "User") {
        return (await deps.iam.listPolicies("user", caller.userId)).map((p) => ({ policyName: p.policyName, attachedTo: caller.principalArn, document: p.document }));
      }
      if (caller.principalType === "AssumedRole" && caller.roleArn !== undefined) {
        const roleId = caller.userId.slice(0, caller.userId.indexOf(":"));
        const roleArn = caller.roleArn;
        return (await deps.iam.listPolicies("role", roleId)).map((p) => ({ policyName: p.policyName, attachedTo: roleArn, document: p.document }));
      }
      return [];
    },
  };
}
