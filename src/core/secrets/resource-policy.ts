import { parsePolicy, type ParsedPolicy, type PolicyStatement } from "../policy/index.js";

/**
 * Checks of a secret's resource policy (PutResourcePolicy, ValidateResourcePolicy): its syntax,
 * and whether it grants broad access. AWS asks Zelkova whether a policy is public; Strongbox
 * answers a narrower, explainable question: an Allow whose principal is a wildcard ("*" or
 * {"AWS": "*"}) is public unless a condition pins who may use it to an account, organization,
 * principal or source (the keys AWS's guide lists for narrowing a wildcard principal), with a
 * positive, wildcard-free operator.
 */
const PINNING_KEYS = new Set([
  "aws:principalaccount", "aws:sourceaccount", "aws:principalorgid", "aws:principalarn", "aws:sourcearn", "aws:sourceowner",
  "aws:principalorgpaths", "aws:sourcevpc", "aws:sourcevpce", "kms:calleraccount",
]);

export interface PolicyCheck {
  /** Why the text is not a valid resource policy, if it is not. */
  readonly syntaxError?: string;
  /** The statements that grant public access, described ("statement \"Sid\"" or "Statement[2]"). */
  readonly publicStatements: readonly string[];
}

function pinsWhoMayUse(statement: PolicyStatement): boolean {
  return statement.conditions.some(
    (clause) =>
      PINNING_KEYS.has(clause.key.toLowerCase()) &&
      !clause.negated &&
      !clause.ifExists &&
      /^(StringEquals|ArnEquals|StringLike|ArnLike)$/.test(clause.operator.replace(/^For(AnyValue|AllValues):/, "")) &&
      clause.values.length > 0 &&
      clause.values.every((v) => v !== "*" && !/^\*|[:/]\*$/.test(v)),
  );
}

function isPublic(statement: PolicyStatement): boolean {
  if (statement.effect !== "Allow") return false;
  // NotPrincipal with Allow grants everyone but the named: public too.
  const wildcard = statement.notPrincipal !== undefined || (statement.principal ?? []).some((p) => p.kind === "any");
  return wildcard && !pinsWhoMayUse(statement);
}

export function checkResourcePolicy(text: string): PolicyCheck {
  let policy: ParsedPolicy;
  try {
    policy = parsePolicy(text, "resource");
  } catch (error) {
    return { syntaxError: error instanceof Error ? error.message : String(error), publicStatements: [] };
  }
  return {
    publicStatements: policy.statements.filter(isPublic).map((s) => (s.sid ? `statement "${s.sid}"` : `Statement[${s.index}]`)),
  };
}
