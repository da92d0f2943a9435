import assert from "node:assert/strict";
import { test } from "node:test";
import { ServiceError } from "../errors.js";
import { dueEvents, inlinePolicies, parsePolicies, type ParameterPolicy } from "./policies.js";

const now = Date.parse("2018-11-01T00:00:00.000Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;

function refusalType(text: string): string {
  try {
    parsePolicies(text, now);
  } catch (error) {
    assert.ok(error instanceof ServiceError);
    return error.type;
  }
  assert.fail("expected a refusal");
}

const documented = JSON.stringify([
  { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2018-12-02T21:34:33.000Z" } },
  { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "15", Unit: "Days" } },
  { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "5", Unit: "Hours" } },
  { Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "20", Unit: "Days" } },
]);

test("the documented policies parse, two ExpirationNotifications included", () => {
  const policies = parsePolicies(documented, now);
  assert.deepEqual(policies.map((p) => p.Type), ["Expiration", "ExpirationNotification", "ExpirationNotification", "NoChangeNotification"]);
  assert.deepEqual(policies[0], { Type: "Expiration", expiresAt: Date.parse("2018-12-02T21:34:33.000Z"), text: JSON.stringify(JSON.parse(documented)[0]) });
  assert.equal((policies[1] as { beforeMs: number }).beforeMs, 15 * DAY);
  assert.equal((policies[2] as { beforeMs: number }).beforeMs, 5 * HOUR);
  assert.equal((policies[3] as { afterMs: number }).afterMs, 20 * DAY);
  assert.deepEqual(inlinePolicies(policies.slice(0, 1), () => "Pending"), [{ PolicyText: policies[0]!.text, PolicyType: "Expiration", PolicyStatus: "Pending" }]);
});

test("timestamps: ISO_INSTANT or with an offset; more than millisecond digits are dropped", () => {
  const at = (timestamp: string) => (parsePolicies(JSON.stringify([{ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: timestamp } }]), now)[0] as { expiresAt: number }).expiresAt;
  assert.equal(at("2019-11-01T22:13:48.87+10:30"), Date.parse("2019-11-01T11:43:48.870Z"));
  assert.equal(at("2019-11-01T22:13:48.123456789Z"), Date.parse("2019-11-01T22:13:48.123Z"));
  assert.equal(at("2019-11-01T22:13Z"), Date.parse("2019-11-01T22:13:00.000Z"));
  for (const bad of ["2019-11-01", "2019-11-01T22:13:48", "yesterday", "2019-13-45T99:99:99Z"]) {
    assert.equal(refusalType(JSON.stringify([{ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: bad } }])), "InvalidPolicyAttributeException", bad);
  }
  assert.equal(refusalType(JSON.stringify([{ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2018-10-01T00:00:00Z" } }])), "InvalidPolicyAttributeException", "an expiry already past");
});

test("[{}] and [] remove every policy", () => {
  assert.deepEqual(parsePolicies("[{}]", now), []);
  assert.deepEqual(parsePolicies("[]", now), []);
});

test("refusals: unknown type, bad attributes, more than 10, two Expirations", () => {
  assert.equal(refusalType(JSON.stringify([{ Type: "Rotation", Version: "1.0", Attributes: {} }])), "InvalidPolicyTypeException");
  assert.equal(refusalType(JSON.stringify(["Expiration"])), "InvalidPolicyTypeException");
  assert.equal(refusalType(JSON.stringify([{}, { Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "1", Unit: "Days" } }])), "InvalidPolicyTypeException", "an empty policy among real ones");
  for (const attributes of [{ After: "0", Unit: "Days" }, { After: "-1", Unit: "Days" }, { After: "1.5", Unit: "Days" }, { After: "1", Unit: "Weeks" }, { After: "1" }, { After: "1", Unit: "Days", Extra: "x" }]) {
    assert.equal(refusalType(JSON.stringify([{ Type: "NoChangeNotification", Version: "1.0", Attributes: attributes }])), "InvalidPolicyAttributeException", JSON.stringify(attributes));
  }
  assert.equal(refusalType(JSON.stringify([{ Type: "NoChangeNotification", Version: "2.0", Attributes: { After: "1", Unit: "Days" } }])), "InvalidPolicyAttributeException");
  assert.equal(refusalType(JSON.stringify([{ Type: "NoChangeNotification", Version: "1.0" }])), "InvalidPolicyAttributeException");
  assert.equal(refusalType("not json"), "InvalidPolicyAttributeException");
  assert.equal(refusalType('{"Type":"Expiration"}'), "InvalidPolicyAttributeException");
  const eleven = Array.from({ length: 11 }, () => ({ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "1", Unit: "Days" } }));
  assert.equal(refusalType(JSON.stringify(eleven)), "PoliciesLimitExceededException");
  assert.equal(parsePolicies(JSON.stringify(eleven.slice(1)), now).length, 10);
  const expiry = { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2019-01-01T00:00:00Z" } };
  assert.equal(refusalType(JSON.stringify([expiry, expiry])), "IncompatiblePolicyException");
  assert.equal((parsePolicies(JSON.stringify([{ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: 2, Unit: "Hours" } }]), now)[0] as { afterMs: number }).afterMs, 2 * HOUR, "a JSON number is read as well");
});

test("dueEvents: notification from expiry minus Before, delete at expiry, no-change After the last modification", () => {
  const policies = parsePolicies(documented, now);
  const expiresAt = Date.parse("2018-12-02T21:34:33.000Z");
  const lastModified = now;
  const at = (t: number, notified: readonly string[] = []) => dueEvents(policies, { lastModified, now: t, notified });
  assert.deepEqual(at(now), []);
  assert.deepEqual(at(expiresAt - 15 * DAY - 1), []);
  const first = at(expiresAt - 15 * DAY);
  assert.deepEqual(first.map((e) => e.kind), ["expiration-notification"]);
  assert.deepEqual(at(expiresAt - 15 * DAY + 1, first.map((e) => e.key)), [], "each notification is sent once");
  const late = at(lastModified + 20 * DAY);
  assert.deepEqual(late.map((e) => e.kind), ["expiration-notification", "no-change-notification"]);
  assert.deepEqual(at(expiresAt - 5 * HOUR, late.map((e) => e.key)).map((e) => e.kind), ["expiration-notification"], "the 5-hour notice is its own event");
  assert.deepEqual(at(expiresAt), [{ kind: "delete", key: `Expiration:${expiresAt}` }]);
});

test("a new version re-arms NoChangeNotification: its key carries the modification time", () => {
  const policies: readonly ParameterPolicy[] = parsePolicies(JSON.stringify([{ Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "1", Unit: "Hours" } }]), now);
  const sent = dueEvents(policies, { lastModified: now, now: now + HOUR, notified: [] });
  assert.equal(sent.length, 1);
  assert.deepEqual(dueEvents(policies, { lastModified: now, now: now + 5 * HOUR, notified: sent.map((e) => e.key) }), []);
  assert.equal(dueEvents(policies, { lastModified: now + 2 * HOUR, now: now + 3 * HOUR, notified: sent.map((e) => e.key) }).length, 1);
  assert.deepEqual(dueEvents(policies, { lastModified: now + 2 * HOUR, now: now + 2 * HOUR + 1, notified: [] }), []);
});

test("an ExpirationNotification without an Expiration is never due", () => {
  const policies = parsePolicies(JSON.stringify([{ Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "1", Unit: "Days" } }]), now);
  assert.deepEqual(dueEvents(policies, { lastModified: now, now: now + 1000 * DAY, notified: [] }), []);
});
