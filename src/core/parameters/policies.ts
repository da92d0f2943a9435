import { ServiceError } from "../errors.js";

/**
 * Parameter policies (Advanced tier): the `Policies` string of PutParameter, read into typed
 * policies, and which of their events are due at a given time. No clock here: `now` comes in.
 * Source: docs/research/ssm-parameter-store-reference.md §2.10.
 *
 *   [{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2018-12-02T21:34:33.000Z"}},
 *    {"Type":"ExpirationNotification","Version":"1.0","Attributes":{"Before":"15","Unit":"Days"}},
 *    {"Type":"NoChangeNotification","Version":"1.0","Attributes":{"After":"20","Unit":"Days"}}]
 *
 * The error types are AWS's (model); their texts are Strongbox's own (AWS's are unverified).
 */
export const MAX_POLICIES = 10;
export type PolicyUnit = "Days" | "Hours";
const UNIT_MS: Readonly<Record<PolicyUnit, number>> = { Days: 86_400_000, Hours: 3_600_000 };

export type ParameterPolicy =
  | { readonly Type: "Expiration"; readonly expiresAt: number; readonly text: string }
  | { readonly Type: "ExpirationNotification"; readonly beforeMs: number; readonly text: string }
  | { readonly Type: "NoChangeNotification"; readonly afterMs: number; readonly text: string };

/** ISO_INSTANT or ISO_OFFSET_DATE_TIME, e.g. `2018-12-02T21:34:33.000Z`, `2019-11-01T22:13:48.87+10:30`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.(\d{1,9}))?)?(?:Z|[+-]\d{2}:\d{2})$/;
const COUNT = /^[1-9][0-9]{0,5}$/;

function invalidAttribute(message: string): ServiceError {
  return new ServiceError("InvalidPolicyAttributeException", message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Reads `Policies`. `[{}]` (and `[]`) removes every policy [UG]: the answer is an empty list.
 * `now` refuses an Expiration already past (AWS's answer is unverified; a policy that would delete
 * the parameter at once is taken for a mistake).
 */
export function parsePolicies(text: string, now: number): readonly ParameterPolicy[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidAttribute("The policies are not valid JSON: Policies must be a JSON array of parameter policies.");
  }
  if (!Array.isArray(parsed)) throw invalidAttribute("Policies must be a JSON array of parameter policies.");
  if (parsed.every((entry) => isObject(entry) && Object.keys(entry).length === 0)) return [];
  if (parsed.length > MAX_POLICIES) throw new ServiceError("PoliciesLimitExceededException", `A parameter can have at most ${MAX_POLICIES} policies.`);
  const policies = parsed.map((entry) => parsePolicy(entry, now));
  if (policies.filter((policy) => policy.Type === "Expiration").length > 1) {
    throw new ServiceError("IncompatiblePolicyException", "A parameter can have only one Expiration policy.");
  }
  return policies;
}

function parsePolicy(entry: unknown, now: number): ParameterPolicy {
  if (!isObject(entry)) throw new ServiceError("InvalidPolicyTypeException", "Each policy must be a JSON object with Type, Version and Attributes.");
  const { Type, Version, Attributes, ...extra } = entry;
  if (Type !== "Expiration" && Type !== "ExpirationNotification" && Type !== "NoChangeNotification") {
    throw new ServiceError("InvalidPolicyTypeException", `The following policy type is not supported: ${typeof Type === "string" ? Type : JSON.stringify(Type ?? null)}. Valid policy types include: [Expiration, ExpirationNotification, NoChangeNotification].`);
  }
  if (Object.keys(extra).length > 0) throw invalidAttribute(`${Type} policy has unknown members: ${Object.keys(extra).join(", ")}.`);
  if (Version !== "1.0") throw invalidAttribute(`${Type} policy Version must be "1.0".`);
  if (!isObject(Attributes)) throw invalidAttribute(`${Type} policy must have Attributes.`);
  const policyText = JSON.stringify(entry);
  switch (Type) {
    case "Expiration": {
      onlyKeys(Type, Attributes, ["Timestamp"]);
      const expiresAt = parseTimestamp(Attributes.Timestamp);
      if (expiresAt <= now) throw invalidAttribute("Expiration policy Timestamp must be in the future.");
      return { Type, expiresAt, text: policyText };
    }
    case "ExpirationNotification":
      onlyKeys(Type, Attributes, ["Before", "Unit"]);
      return { Type, beforeMs: parseDuration(Type, "Before", Attributes.Before, Attributes.Unit), text: policyText };
    case "NoChangeNotification":
      onlyKeys(Type, Attributes, ["After", "Unit"]);
      return { Type, afterMs: parseDuration(Type, "After", Attributes.After, Attributes.Unit), text: policyText };
  }
}

function onlyKeys(type: string, attributes: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(attributes)) if (!allowed.includes(key)) throw invalidAttribute(`${type} policy has an unknown attribute: ${key}.`);
}

function parseTimestamp(value: unknown): number {
  const match = typeof value === "string" ? TIMESTAMP.exec(value) : null;
  if (match === null) throw invalidAttribute("Expiration policy Timestamp must be an ISO 8601 date and time with a time zone, e.g. 2018-12-02T21:34:33.000Z.");
  // Date.parse reads milliseconds at most: the digits past them are dropped, not rounded.
  const fraction = match[1];
  const text = fraction !== undefined && fraction.length > 3 ? (value as string).replace(`.${fraction}`, `.${fraction.slice(0, 3)}`) : (value as string);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalidAttribute("Expiration policy Timestamp is not a valid date and time.");
  return ms;
}

/** Before/After: a positive whole number, as the documented string ("15") or as a JSON number; Unit Days or Hours. */
function parseDuration(type: string, member: string, count: unknown, unit: unknown): number {
  const text = typeof count === "number" ? String(count) : count;
  if (typeof text !== "string" || !COUNT.test(text)) throw invalidAttribute(`${type} policy ${member} must be a positive whole number.`);
  if (unit !== "Days" && unit !== "Hours") throw invalidAttribute(`${type} policy Unit must be Days or Hours.`);
  return Number(text) * UNIT_MS[unit];
}

/** What a due policy asks for. `key` names the event so the caller can record that it was sent, once. */
export type PolicyEvent =
  | { readonly kind: "delete"; readonly key: string }
  | { readonly kind: "expiration-notification"; readonly key: string; readonly expiresAt: number }
  | { readonly kind: "no-change-notification"; readonly key: string; readonly lastModified: number };

export interface PolicyClock {
  /** When the parameter's latest version was written (epoch ms). */
  readonly lastModified: number;
  readonly now: number;
  /** Keys of the events already handled. A key includes its anchor (expiry or modification time), so a change re-arms it. */
  readonly notified: readonly string[];
}

/**
 * The events due at `now`. A due Expiration is the only event (the parameter goes; nothing else
 * about it is worth telling). An ExpirationNotification is due from `expiresAt - Before`; a
 * NoChangeNotification once the parameter has gone unchanged for `After`.
 */
export function dueEvents(policies: readonly ParameterPolicy[], clock: PolicyClock): readonly PolicyEvent[] {
  const expiration = policies.find((policy) => policy.Type === "Expiration");
  if (expiration !== undefined && clock.now >= expiration.expiresAt) return [{ kind: "delete", key: `Expiration:${expiration.expiresAt}` }];
  const events: PolicyEvent[] = [];
  policies.forEach((policy, index) => {
    if (policy.Type === "ExpirationNotification" && expiration !== undefined && clock.now >= expiration.expiresAt - policy.beforeMs) {
      events.push({ kind: "expiration-notification", key: `ExpirationNotification:${index}:${expiration.expiresAt}`, expiresAt: expiration.expiresAt });
    }
    if (policy.Type === "NoChangeNotification" && clock.now >= clock.lastModified + policy.afterMs) {
      events.push({ kind: "no-change-notification", key: `NoChangeNotification:${index}:${clock.lastModified}`, lastModified: clock.lastModified });
    }
  });
  return events.filter((event) => !clock.notified.includes(event.key));
}

/** The `ParameterInlinePolicy` list of DescribeParameters and GetParameterHistory. */
export function inlinePolicies(policies: readonly ParameterPolicy[], status: (policy: ParameterPolicy) => "Pending" | "Finished" | "Failed" | "InProgress") {
  return policies.map((policy) => ({ PolicyText: policy.text, PolicyType: policy.Type, PolicyStatus: status(policy) }));
}
