/**
 * Which statements of one policy apply to one request. Combining policies (explicit deny wins,
 * key policy plus identity policies, account delegation) is the authorizer's job; this reports
 * the matching Deny and Allow statements and how each one admitted the caller.
 */
import { matchArn } from "./arn.js";
import { conditionsHold } from "./conditions.js";
import type { ConditionContext } from "./context.js";
import type { ActionPattern, ParsedPolicy, PolicyKind, PolicyStatement, ResourcePattern } from "./document.js";
import { exemptedByNotPrincipal, matchPrincipal, type PrincipalFacts, type PrincipalPins } from "./principal.js";
import { variablesResolve } from "./required-variables.js";
import { matchGlob } from "./wildcard.js";

export interface AccessRequest {
  readonly principal: PrincipalFacts;
  /** "service:Name", e.g. "kms:Decrypt". */
  readonly action: string;
  /** The resource ARN. */
  readonly resource: string;
  readonly context: ConditionContext;
  /** The unique ids of the principals the policy names, as they were when it was written. */
  readonly principalPins?: PrincipalPins;
}

export interface StatementMatch {
  readonly statement: PolicyStatement;
  /**
   * "principal": the statement names the caller (or everyone); "account": it names only the
   * caller's account, so the account's IAM policies must also allow; "identity": an identity
   * policy statement, which applies to the principal it is attached to.
   */
  readonly via: "principal" | "account" | "identity";
}

export interface PolicyEvaluation {
  readonly denies: readonly StatementMatch[];
  readonly allows: readonly StatementMatch[];
}

export function evaluatePolicy(policy: ParsedPolicy, kind: PolicyKind, request: AccessRequest): PolicyEvaluation {
  // A document validated for one kind must not be read as another: an identity policy has no
  // Principal, and reading it as a key policy would have to guess who it names.
  if (policy.kind !== kind) throw new Error(`a ${policy.kind} policy was evaluated as a ${kind} policy`);
  const denies: StatementMatch[] = [];
  const allows: StatementMatch[] = [];
  for (const statement of policy.statements) {
    // IAM: a variable that cannot be resolved "might cause the entire statement to be invalid".
    // An Allow with one does not apply, so an absent ${aws:username} under NotResource or a
    // negated operator cannot widen it. A Deny keeps reading the unresolved value as matching
    // nothing, which under negation still denies: both choices err towards refusing.
    if (statement.effect === "Allow" && !variablesResolve(statement.requiredVariables, request.context)) continue;
    const via = statementApplies(statement, kind, request);
    if (via) (statement.effect === "Deny" ? denies : allows).push({ statement, via });
  }
  return { denies, allows };
}

function statementApplies(s: PolicyStatement, kind: PolicyKind, request: AccessRequest): StatementMatch["via"] | undefined {
  const via = principalVia(s, kind, request);
  if (!via) return undefined;
  if (!actionMatches(s, request.action)) return undefined;
  if (!resourceMatches(s, request)) return undefined;
  if (!conditionsHold(s.conditions, request.context)) return undefined;
  return via;
}

function principalVia(s: PolicyStatement, kind: PolicyKind, request: AccessRequest): StatementMatch["via"] | undefined {
  if (kind === "identity") return "identity";
  if (s.principal) return matchPrincipal(s.principal, request.principal, request.principalPins);
  if (s.notPrincipal) return exemptedByNotPrincipal(s.notPrincipal, request.principal, request.principalPins) ? undefined : "principal";
  return undefined; // unreachable for a parsed key or trust policy: fail closed all the same
}

function anyAction(patterns: readonly ActionPattern[], action: string): boolean {
  const lower = action.toLowerCase();
  return patterns.some((p) => matchGlob(p.glob, lower));
}

function actionMatches(s: PolicyStatement, action: string): boolean {
  if (s.action) return anyAction(s.action, action);
  if (s.notAction) return !anyAction(s.notAction, action);
  return false;
}

function anyResource(patterns: readonly ResourcePattern[], request: AccessRequest): boolean {
  return patterns.some((p) => matchArn(p.arn, request.resource, request.context));
}

/**
 * A Resource pattern whose policy variable cannot be resolved matches nothing, so under
 * NotResource it excludes nothing (IAM: an unresolvable variable "might cause the entire
 * statement to be invalid"; AWS does not say more).
 */
function resourceMatches(s: PolicyStatement, request: AccessRequest): boolean {
  if (s.resource) return anyResource(s.resource, request);
  if (s.notResource) return !anyResource(s.notResource, request);
  return true; // trust policies may leave the resource out: the role they are attached to
}
