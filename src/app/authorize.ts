import { ServiceError } from "../core/errors.js";
import type { EncryptionContext } from "../core/kms/encryption-context.js";
import type { KmsKey } from "../core/kms/kms-key.js";
import type { GrantConstraints } from "../ports/grant-repository.js";
import type { RequestContext } from "./context.js";

/** Request-specific condition keys, by their policy name (e.g. "kms:GrantOperations"). */
export type ConditionFacts = Readonly<Record<string, string | boolean | number | Date | readonly string[] | undefined>>;

/** One use of a KMS key, as the policy gate sees it. */
export interface KeyAccess {
  /** The IAM action, e.g. "kms:Decrypt". */
  readonly action: string;
  readonly key: KmsKey;
  /** The encryption context of the request: kms:EncryptionContext:<k> and grant constraints read it. */
  readonly encryptionContext?: EncryptionContext;
  /** Further request condition keys (kms:GrantOperations, kms:RequestAlias, aws:RequestTag/<k>, ...). */
  readonly conditions?: ConditionFacts;
  readonly grantTokens?: readonly string[];
  /** For kms:CreateGrant: the grant asked for, which a grant may allow only if it is no wider than itself. */
  readonly childGrant?: { readonly operations: readonly string[]; readonly constraints?: GrantConstraints };
}

/** The KMS policy gate: key policy, the caller's identity policies and grants. Throws AccessDeniedException. */
export type AuthorizeKeyAccess = (ctx: RequestContext, access: KeyAccess) => Promise<void>;

/** One use of a non-KMS resource (an IAM user, a role to assume, ...). */
export interface ResourceAccess {
  /** The IAM action, e.g. "iam:CreateUser" or "sts:AssumeRole". */
  readonly action: string;
  /** The resource ARN. */
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccountId: string;
  /** A resource-based policy that must also allow (a role's trust policy for sts:AssumeRole). */
  readonly resourcePolicy?: string;
  /** What the resource policy is: a role's trust policy (must also allow) or a resource's own policy (adds to identity policies). Default "trust". */
  readonly resourcePolicyKind?: "trust" | "resource";
  /** The unique ids of the users and roles the resource policy names, as they were when it was written. */
  readonly resourcePolicyPins?: Readonly<Record<string, string>>;
  readonly conditions?: ConditionFacts;
  /**
   * The caller is allowed by other means (a grant that names it as retiring principal, say): only
   * an explicit Deny in its identity policies or the resource policy can still refuse.
   */
  readonly denyOnly?: boolean;
}

/** The policy gate for everything that is not a KMS key. Throws AccessDeniedException. */
export type AuthorizeAccess = (ctx: RequestContext, access: ResourceAccess) => Promise<void>;

export function accessDenied(ctx: RequestContext, action: string, resource: string, reason: string): ServiceError {
  return new ServiceError("AccessDeniedException", `User: ${ctx.caller.principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`);
}
