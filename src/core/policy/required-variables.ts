import type { ConditionContext } from "./context.js";
import type { ConditionClause } from "./conditions.js";
import { parseTemplate } from "./variables.js";

/** Operators whose values may hold policy variables (the String and Arn families). */
const TEMPLATED_OPERATOR = /^(ForAnyValue:|ForAllValues:)?(String|Arn)/;

/**
 * The policy variables a 2012-10-17 statement uses without a default, lower-cased: in its Resource
 * or NotResource patterns and in the values of its String and Arn conditions.
 */
export function requiredVariables(statement: {
  readonly resource?: readonly { readonly text: string }[];
  readonly notResource?: readonly { readonly text: string }[];
  readonly conditions: readonly ConditionClause[];
}): readonly string[] {
  const texts = [...(statement.resource ?? []), ...(statement.notResource ?? [])].map((r) => r.text);
  for (const clause of statement.conditions) if (TEMPLATED_OPERATOR.test(clause.operator)) texts.push(...clause.values);
  const keys = new Set<string>();
  for (const text of texts) {
    for (const part of parseTemplate(text, { wildcards: true, variables: true })) {
      if (part.t === "var" && part.fallback === undefined) keys.add(part.key);
    }
  }
  return Object.freeze([...keys]);
}

/** Whether every variable resolves: a key present with exactly one value (multi-valued keys cannot be variables). */
export function variablesResolve(keys: readonly string[], context: ConditionContext): boolean {
  return keys.every((key) => context.get(key)?.length === 1);
}
