import type { Caller } from "../core/identity/caller.js";

/** An identity-based (IAM inline) policy attached to a user or a role. */
export interface IdentityPolicy {
  readonly policyName: string;
  /** The ARN of the user or role it is attached to. */
  readonly attachedTo: string;
  /** The policy document, as stored (JSON text). */
  readonly document: string;
}

/** Where the access-control layer finds the identity policies in force for a caller. */
export interface IdentityPolicySource {
  /**
   * The inline policies of the caller's user, or of the role behind its session. The account
   * root has none (it is allowed everything its account's resource policies delegate to it).
   */
  policiesFor(caller: Caller): Promise<readonly IdentityPolicy[]>;
}

/** Principals by ARN, as they would appear when calling (for policy simulation). */
export interface PrincipalDirectory {
  /**
   * The caller an ARN names: an account root, an IAM user, or a role (a role ARN or an
   * assumed-role session ARN both give a session of that role). Undefined when it does not exist.
   * The accessKeyId of the result is empty: no credentials are involved.
   */
  describe(principalArn: string): Promise<Caller | undefined>;
}
