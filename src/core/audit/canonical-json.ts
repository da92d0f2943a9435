import type { AuditEvent } from "./event.js";

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units, as RFC 8785 sorts them) at every
 * depth, no whitespace, strings and numbers as JSON.stringify writes them. Only plain JSON data
 * is accepted: anything else (undefined in a list, a non-finite number, a Buffer, a Date, a class
 * instance) throws, so an event that would not survive a round trip is never hashed.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("canonical JSON: numbers must be finite");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError("canonical JSON: only plain objects and arrays");
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(",")}}`;
  }
  throw new TypeError(`canonical JSON: unsupported ${typeof value}`);
}

/** The exact text of an event that the chain hashes and the store keeps. */
export function canonicalEventJson(event: AuditEvent): string {
  return canonicalJson(event);
}
