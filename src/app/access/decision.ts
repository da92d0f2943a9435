import { describeStatement, evaluatePolicy, type AccessRequest, type ParsedPolicy, type PolicyKind, type StatementMatch } from "../../core/policy/index.js";

/** A policy in force for one decision, with the words that name it in an explanation. */
export interface LabelledPolicy {
  /** e.g. "the key policy of arn:aws:kms:...", "identity policy ReadOnly of arn:aws:iam::...:user/alice". */
  readonly label: string;
  readonly policy: ParsedPolicy;
}

export type DecisionReason =
  | "explicit-deny-in-resource-policy"
  | "explicit-deny-in-identity-policy"
  | "allowed-by-resource-policy"
  | "allowed-by-identity-policy"
  | "allowed-as-account-root"
  | "allowed-by-grant"
  | "no-resource-policy-allows"
  | "no-identity-policy-allows"
  | "cross-account-without-resource-policy";

/** What decided a request, in terms an operator can act on. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: DecisionReason;
  /** The statement that decided, when one did ("policy label: statement description"). */
  readonly decidedBy?: string;
  /** The grant that allowed the request, when a grant did. */
  readonly grantId?: string;
  /** One sentence for a person: what allowed or refused, or which statement is missing. */
  readonly explanation: string;
}

export interface DecisionInputs {
  readonly request: AccessRequest;
  /** The account that owns the resource. */
  readonly resourceAccountId: string;
  /** The resource's own policy (a key policy, a role's trust policy); absent for identity-only actions. */
  readonly resourcePolicy?: LabelledPolicy & { readonly kind: Extract<PolicyKind, "key" | "trust" | "resource"> };
  /** The caller's identity policies; "account-root" when the caller is its account's root user, which has them all implicitly. */
  readonly identityPolicies: "account-root" | readonly LabelledPolicy[];
}

const matchIn = (labelled: LabelledPolicy, match: StatementMatch) => `${labelled.label}: ${describeStatement(match.statement)}`;

/**
 * AWS's evaluation logic for one request, as documented for KMS: an explicit deny in any policy
 * wins; otherwise the resource policy must allow the caller directly, or allow the caller's
 * account (delegation) with the caller's identity policies allowing too. A caller from another
 * account always needs both. Without a resource policy only same-account identity policies count.
 * Grants are weighed by the caller of this function, only when this answers "not allowed" without
 * an explicit deny.
 */
export function decide(inputs: DecisionInputs): Decision {
  const { request } = inputs;
  const who = request.principal.arn;
  const what = `${request.action} on ${request.resource}`;
  const resource = inputs.resourcePolicy;
  const resourceResult = resource && evaluatePolicy(resource.policy, resource.kind, request);
  const resourceDeny = resourceResult?.denies[0];
  if (resource && resourceDeny) {
    const decidedBy = matchIn(resource, resourceDeny);
    return { allowed: false, reason: "explicit-deny-in-resource-policy", decidedBy, explanation: `${decidedBy} denies ${who} ${what}; an explicit deny overrides every allow.` };
  }

  const isRoot = inputs.identityPolicies === "account-root";
  let identityAllow: string | undefined;
  if (!isRoot) {
    for (const labelled of inputs.identityPolicies as readonly LabelledPolicy[]) {
      const result = evaluatePolicy(labelled.policy, "identity", request);
      const deny = result.denies[0];
      if (deny) {
        const decidedBy = matchIn(labelled, deny);
        return { allowed: false, reason: "explicit-deny-in-identity-policy", decidedBy, explanation: `${decidedBy} denies ${who} ${what}; an explicit deny overrides every allow.` };
      }
      const allow = result.allows[0];
      if (allow && identityAllow === undefined) identityAllow = matchIn(labelled, allow);
    }
  }
  const identityCount = isRoot ? 0 : (inputs.identityPolicies as readonly LabelledPolicy[]).length;
  const noIdentityAllow = (why: string): Decision => ({
    allowed: false,
    reason: "no-identity-policy-allows",
    explanation: `${why}, so an identity policy of ${who} must allow ${request.action}; none of its ${identityCount} identity policies does.`,
  });
  const sameAccount = request.principal.accountId === inputs.resourceAccountId;

  if (resource === undefined || resourceResult === undefined) {
    if (!sameAccount) {
      return { allowed: false, reason: "cross-account-without-resource-policy", explanation: `${request.resource} belongs to account ${inputs.resourceAccountId} and has no resource policy to let ${who} of account ${request.principal.accountId} in.` };
    }
    if (isRoot) return { allowed: true, reason: "allowed-as-account-root", explanation: `${who} is the account root, which may do anything in its account that no policy denies.` };
    if (identityAllow !== undefined) return { allowed: true, reason: "allowed-by-identity-policy", decidedBy: identityAllow, explanation: `${identityAllow} allows ${who} ${what}.` };
    return noIdentityAllow(`${request.action} on ${request.resource} is decided by identity policies alone`);
  }
  const direct = resourceResult.allows.find((m) => m.via === "principal");
  const delegated = resourceResult.allows.find((m) => m.via === "account");
  if (direct === undefined && delegated === undefined) {
    if (resource.kind === "resource" && sameAccount) {
      if (isRoot) return { allowed: true, reason: "allowed-as-account-root", explanation: `${who} is the account root, which may do anything in its account that no policy denies.` };
      if (identityAllow !== undefined) return { allowed: true, reason: "allowed-by-identity-policy", decidedBy: identityAllow, explanation: `${identityAllow} allows ${who} ${what}.` };
      return noIdentityAllow(`No statement of ${resource.label} allows ${request.action} to ${who}`);
    }
    return {
      allowed: false,
      reason: "no-resource-policy-allows",
      explanation: `No statement of ${resource.label} allows ${request.action} to ${who}, either by name or through its account ${request.principal.accountId}; without one not even the account root is let in.`,
    };
  }
  // A secret's resource policy adds to the identity policies in its own account (AWS's evaluation
  // logic for resource-based policies other than key policies); only another account needs both.
  if (resource.kind === "resource" && sameAccount && direct === undefined) {
    if (isRoot) return { allowed: true, reason: "allowed-as-account-root", explanation: `${who} is the account root, which may do anything in its account that no policy denies.` };
    if (identityAllow !== undefined) return { allowed: true, reason: "allowed-by-identity-policy", decidedBy: identityAllow, explanation: `${identityAllow} allows ${who} ${what}.` };
  }
  const resourceAllow = matchIn(resource, (direct ?? delegated)!);
  if (sameAccount && direct !== undefined) return { allowed: true, reason: "allowed-by-resource-policy", decidedBy: resourceAllow, explanation: `${resourceAllow} allows ${who} ${what} by name.` };
  // Delegated to the account, or another account's principal: the caller's identity policies must allow as well.
  const why = sameAccount ? `${resourceAllow} allows the account ${request.principal.accountId}` : `${resourceAllow} allows ${who} from another account`;
  if (isRoot) return { allowed: true, reason: "allowed-by-resource-policy", decidedBy: resourceAllow, explanation: `${why}, and ${who} is that account's root.` };
  if (identityAllow === undefined) return noIdentityAllow(why);
  return { allowed: true, reason: "allowed-by-identity-policy", decidedBy: identityAllow, explanation: `${why}, and ${identityAllow} allows ${what}.` };
}

/** The tail of AWS's AccessDeniedException message for a decision that refused. */
export function denialReason(decision: Decision, action: string): string {
  switch (decision.reason) {
    case "explicit-deny-in-resource-policy":
      return "with an explicit deny in a resource-based policy";
    case "explicit-deny-in-identity-policy":
      return "with an explicit deny in an identity-based policy";
    case "no-identity-policy-allows":
      return `because no identity-based policy allows the ${action} action`;
    default:
      return `because no resource-based policy allows the ${action} action`;
  }
}
