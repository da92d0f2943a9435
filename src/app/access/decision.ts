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
}

export interface DecisionInputs {
  readonly request: AccessRequest;
  /** The account that owns the resource. */
  readonly resourceAccountId: string;
  /** The resource's own policy (a key policy, a role's trust policy); absent for identity-only actions. */
  readonly resourcePolicy?: LabelledPolicy & { readonly kind: Extract<PolicyKind, "key" | "trust"> };
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
  const resource = inputs.resourcePolicy;
  const resourceResult = resource && evaluatePolicy(resource.policy, resource.kind, request);
  const resourceDeny = resourceResult?.denies[0];
  if (resource && resourceDeny) return { allowed: false, reason: "explicit-deny-in-resource-policy", decidedBy: matchIn(resource, resourceDeny) };

  let identityAllow: string | undefined;
  if (inputs.identityPolicies === "account-root") {
    identityAllow = "account root";
  } else {
    for (const labelled of inputs.identityPolicies) {
      const result = evaluatePolicy(labelled.policy, "identity", request);
      const deny = result.denies[0];
      if (deny) return { allowed: false, reason: "explicit-deny-in-identity-policy", decidedBy: matchIn(labelled, deny) };
      const allow = result.allows[0];
      if (allow && identityAllow === undefined) identityAllow = matchIn(labelled, allow);
    }
  }
  const rootAllowed = (): Decision => ({ allowed: true, reason: "allowed-as-account-root" });
  const identityAllowed = (): Decision =>
    inputs.identityPolicies === "account-root" ? rootAllowed() : { allowed: true, reason: "allowed-by-identity-policy", decidedBy: identityAllow };
  const sameAccount = request.principal.accountId === inputs.resourceAccountId;

  if (resource === undefined || resourceResult === undefined) {
    if (!sameAccount) return { allowed: false, reason: "cross-account-without-resource-policy" };
    return identityAllow !== undefined ? identityAllowed() : { allowed: false, reason: "no-identity-policy-allows" };
  }
  const direct = resourceResult.allows.find((m) => m.via === "principal");
  const delegated = resourceResult.allows.find((m) => m.via === "account");
  if (direct === undefined && delegated === undefined) return { allowed: false, reason: "no-resource-policy-allows" };
  if (sameAccount && direct !== undefined) return { allowed: true, reason: "allowed-by-resource-policy", decidedBy: matchIn(resource, direct) };
  // Delegated to the account, or another account's principal: the caller's identity policies must allow as well.
  if (identityAllow === undefined) return { allowed: false, reason: "no-identity-policy-allows" };
  if (inputs.identityPolicies === "account-root") {
    return { allowed: true, reason: "allowed-by-resource-policy", decidedBy: matchIn(resource, (direct ?? delegated)!) };
  }
  return identityAllowed();
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
