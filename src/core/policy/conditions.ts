/**
 * The Condition element: `{ Operator: { Key: value | [values] } }`. Every operator block and
 * every key must hold (AND); the values listed for one key are alternatives (OR), and for a
 * negated operator the request value must match none of them (IAM: "logical NOR").
 *
 * Absent keys (IAM guide, Condition operators): a positive operator is false, a negated one is
 * true ("If the policy condition requires that the key is not matched, such as StringNotLike ...
 * and the right key is not present, the condition is true"), and ...IfExists is true. For the set
 * qualifiers: ForAllValues is true for an absent key or an empty set, ForAnyValue is false.
 *
 * Without a qualifier, a multi-valued key matches when any of its values matches (a negated
 * operator: when none does). AWS asks for a qualifier with multi-valued keys and does not
 * document this case; this reading keeps a negated operator the exact complement of its positive.
 */
import type { ConditionContext } from "./context.js";
import { PolicySyntaxError } from "./errors.js";
import { isJsonNumber, isJsonObject, type JsonValue } from "./json.js";
import { lookupOperator, type ValueMatcher } from "./operators.js";
import { parseBool } from "./values.js";

export type SetQualifier = "ForAnyValue" | "ForAllValues";

export interface ConditionClause {
  /** The operator as written, e.g. "ForAnyValue:StringLikeIfExists". */
  readonly operator: string;
  /** The condition key as written; looked up lower-cased. */
  readonly key: string;
  readonly values: readonly string[];
  readonly qualifier?: SetQualifier;
  readonly ifExists: boolean;
  readonly negated: boolean;
  /** For Null: each policy value, true meaning "the key must be absent". */
  readonly nullChecks?: readonly boolean[];
  readonly matchers: readonly ValueMatcher[];
}

const IF_EXISTS = "IfExists";
// A condition key names its vendor (IAM: "Actions/Conditions must be prefaced by a vendor").
const CONDITION_KEY = /^[A-Za-z0-9-]+:\S.*$/;

function fail(where: string, message: string): never {
  throw new PolicySyntaxError(`${message} (${where})`);
}

function conditionValues(where: string, operator: string, key: string, json: JsonValue): string[] {
  const one = (v: JsonValue): string => {
    if (typeof v === "string") return v;
    if (typeof v === "boolean") return v ? "true" : "false";
    if (isJsonNumber(v)) return v.text;
    return fail(where, `Syntax errors in policy. The value of ${key} under ${operator} must be a string, number, boolean or an array of them`);
  };
  if (!Array.isArray(json)) return [one(json as JsonValue)];
  if (json.length === 0) fail(where, `Syntax errors in policy. The values of ${key} under ${operator} must not be an empty array`);
  return json.map(one);
}

/** Parses a Condition element; `variables` is whether the policy language has policy variables. */
export function parseConditions(json: JsonValue, where: string, variables: boolean): ConditionClause[] {
  if (!isJsonObject(json)) fail(where, "Syntax errors in policy. Condition must be an object of condition operators");
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of json) {
    let name = operator;
    let qualifier: SetQualifier | undefined;
    const colon = name.indexOf(":");
    if (colon >= 0) {
      const prefix = name.slice(0, colon);
      if (prefix !== "ForAnyValue" && prefix !== "ForAllValues") fail(where, `Invalid condition operator "${operator}": the set qualifier must be ForAnyValue or ForAllValues`);
      qualifier = prefix;
      name = name.slice(colon + 1);
    }
    const ifExists = name.endsWith(IF_EXISTS) && name.length > IF_EXISTS.length;
    const base = ifExists ? name.slice(0, -IF_EXISTS.length) : name;
    const spec = lookupOperator(base);
    if (!spec) fail(where, `Invalid condition operator "${operator}"`);
    if (spec.kind === "null" && (ifExists || qualifier)) fail(where, `Invalid condition operator "${operator}": Null takes neither IfExists nor a set qualifier`);
    if (!isJsonObject(block) || block.size === 0) fail(where, `Syntax errors in policy. Condition operator ${operator} must map at least one condition key to its values`);
    for (const [key, rawValues] of block) {
      if (!CONDITION_KEY.test(key)) fail(where, `Invalid condition key "${key}" under ${operator}: condition keys are prefaced by a vendor, e.g. aws:SourceIp or kms:ViaService`);
      const values = conditionValues(where, operator, key, rawValues);
      const common: Omit<ConditionClause, "matchers" | "negated"> = { operator, key, values, ifExists, ...(qualifier ? { qualifier } : {}) };
      if (spec.kind === "null") {
        const nullChecks = values.map((v) => parseBool(v) ?? fail(where, `Invalid value for ${key} under Null: "${v}" is not "true" or "false"`));
        clauses.push({ ...common, negated: false, nullChecks, matchers: [] });
        continue;
      }
      const matchers = values.map((v) => {
        const m = spec.compile(v, variables);
        return typeof m === "string" ? fail(where, `Invalid value for ${key} under ${operator}: ${m}`) : m;
      });
      clauses.push({ ...common, negated: spec.negated, matchers });
    }
  }
  return clauses;
}

export function clauseHolds(clause: ConditionClause, context: ConditionContext): boolean {
  const values = context.get(clause.key.toLowerCase());
  if (clause.nullChecks) {
    // An empty set counts as absent ("the key doesn't exist — it is null").
    const present = values !== undefined && values.length > 0;
    return clause.nullChecks.some((mustBeAbsent) => (mustBeAbsent ? !present : present));
  }
  const matchesAny = (requestValue: string): boolean => clause.matchers.some((m) => m(requestValue, context));
  // For a set qualifier, each request value is tested on its own, negation included.
  const valueHolds = (requestValue: string): boolean => matchesAny(requestValue) !== clause.negated;
  switch (clause.qualifier) {
    case "ForAllValues":
      return values === undefined || values.every(valueHolds);
    case "ForAnyValue":
      if (values === undefined) return clause.ifExists;
      return values.some(valueHolds);
    default:
      if (values === undefined) return clause.ifExists || clause.negated;
      return values.some(matchesAny) !== clause.negated;
  }
}

export function conditionsHold(clauses: readonly ConditionClause[], context: ConditionContext): boolean {
  return clauses.every((c) => clauseHolds(c, context));
}
