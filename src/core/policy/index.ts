/** The AWS policy language: parsing, validation and evaluation of single policies. */
export { PolicySyntaxError } from "./errors.js";
export { parsePolicy, describeStatement } from "./document.js";
export type { PolicyKind, PolicyVersion, ParsedPolicy, PolicyStatement, ActionPattern, ResourcePattern } from "./document.js";
export { conditionContext } from "./context.js";
export type { ConditionContext, ContextValue } from "./context.js";
export { evaluatePolicy } from "./evaluate.js";
export type { AccessRequest, StatementMatch, PolicyEvaluation } from "./evaluate.js";
export { matchPrincipal, exemptedByNotPrincipal, INVALID_PRINCIPALS } from "./principal.js";
export type { PrincipalEntry, PrincipalFacts, PrincipalPins } from "./principal.js";
export type { ConditionClause, SetQualifier } from "./conditions.js";
export { conditionKeysOf } from "./inspect.js";
