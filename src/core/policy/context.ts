/**
 * The request context that condition keys and policy variables read. Keys are looked up by their
 * lower-cased name (IAM: "Key names are case-insensitive"); values stay as given.
 */
export type ConditionContext = ReadonlyMap<string, readonly string[]>;

export type ContextValue = string | boolean | number | Date | readonly string[] | undefined;

/**
 * Builds a context: undefined leaves the key absent; booleans become "true"/"false"; numbers are
 * written in plain decimal (never exponent notation, which the Numeric operators do not read);
 * Dates become ISO-8601; an array is a multi-valued key (an empty array is present but empty).
 * Two names differing only in case (tags "Env" and "env", say) are one key to IAM, which reads key
 * names without case: their values combine into one multi-valued key.
 */
export function conditionContext(entries: Readonly<Record<string, ContextValue>>): ConditionContext {
  const out = new Map<string, readonly string[]>();
  for (const name of Object.keys(entries)) {
    const value = entries[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out.set(key, Object.freeze([...(out.get(key) ?? []), ...contextValues(name, value)]));
  }
  return out;
}

function contextValues(name: string, value: Exclude<ContextValue, undefined>): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "boolean") return [value ? "true" : "false"];
  if (typeof value === "number") return [decimalString(name, value)];
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error(`condition key ${name} holds an invalid Date`);
    return [value.toISOString()];
  }
  return [...value];
}

function decimalString(name: string, n: number): string {
  if (!Number.isFinite(n)) throw new Error(`condition key ${name} holds a non-finite number`);
  if (Number.isInteger(n)) return BigInt(n).toString();
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // Tiny magnitudes print in exponent form; toFixed(20) keeps every digit a double can hold there.
  return n.toFixed(20).replace(/0+$/, "");
}
