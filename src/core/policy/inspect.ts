import type { ParsedPolicy } from "./document.js";

/** The condition keys a policy reads, lower-cased (so a caller can skip facts no statement asks for). */
export function conditionKeysOf(policy: ParsedPolicy): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const statement of policy.statements) for (const clause of statement.conditions) keys.add(clause.key.toLowerCase());
  return keys;
}
