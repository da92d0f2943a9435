import type { AuditEvent } from "./event.js";

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units, as RFC 8785 sorts them) at every
 * depth, no whitespace, strings and numbers as JSON.stringify writes them. Only plain JSON data
 * is accepted: anything else (undefined in a list, a non-finite number, a Buffer, a Date, a class
 * instance) throws, so an event that would not survive a round trip is never hashed.
 */
export function canonicalJson(value: unknown): string {
  // Written for speed (every audit record passes here): one pass, string concatenation, and
  // keys sorted only when they are not in order already. Same output as the plain recursion.
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON: numbers must be finite");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i === 0 ? "" : ",") + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError("canonical JSON: only plain objects and arrays");
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (!isSorted(keys)) keys.sort();
    let out = "{";
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined) continue;
      out += `${first ? "" : ","}${JSON.stringify(key)}:${canonicalJson(member)}`;
      first = false;
    }
    return `${out}}`;
  }
  throw new TypeError(`canonical JSON: unsupported ${typeof value}`);
}

/** In the order Array.prototype.sort leaves strings (UTF-16 code units). */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** The exact text of an event that the chain hashes and the store keeps. */
export function canonicalEventJson(event: AuditEvent): string {
  return canonicalJson(event);
}
