import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePolicies } from "./policies.js";
import { currentNotified, nextPolicyCheck, policyStatus, storedPolicies } from "./policy-schedule.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = Date.parse("2026-01-01T00:00:00Z");
const text = JSON.stringify([
  { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "2026-01-10T00:00:00.000Z" } },
  { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "2", Unit: "Days" } },
  { Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "5", Unit: "Hours" } },
]);

test("stored policy texts read back as the policies they were, an Expiration in the past too", () => {
  const policies = parsePolicies(text, now);
  assert.deepEqual(storedPolicies(policies.map((p) => p.text)), policies);
  assert.deepEqual(storedPolicies([]), []);
  // Long past, as the sweep may find it.
  assert.equal(storedPolicies(['{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2000-01-01T00:00:00Z"}}'])[0]!.Type, "Expiration");
});

test("the next check is the earliest event not yet told; none without policies", () => {
  const policies = parsePolicies(text, now);
  const expiresAt = Date.parse("2026-01-10T00:00:00Z");
  assert.equal(nextPolicyCheck(policies, now, []), now + 5 * HOUR);
  assert.equal(nextPolicyCheck(policies, now, [`NoChangeNotification:2:${now}`]), expiresAt - 2 * DAY);
  assert.equal(nextPolicyCheck(policies, now, [`NoChangeNotification:2:${now}`, `ExpirationNotification:1:${expiresAt}`]), expiresAt);
  // A new version re-arms the no-change notification (its key names the modification time).
  assert.equal(nextPolicyCheck(policies, now + DAY, [`NoChangeNotification:2:${now}`]), now + DAY + 5 * HOUR);
  assert.equal(nextPolicyCheck([], now, []), undefined);
});

test("a new version drops the keys of events that can no longer fire; a told notification shows Finished", () => {
  const policies = parsePolicies(text, now);
  const expiresAt = Date.parse("2026-01-10T00:00:00Z");
  const told = [`ExpirationNotification:1:${expiresAt}`, `NoChangeNotification:2:${now}`, "NoChangeNotification:2:12345"];
  assert.deepEqual(currentNotified(policies, now, told), told.slice(0, 2));
  assert.deepEqual(currentNotified(policies, now + HOUR, told), told.slice(0, 1), "a new modification re-anchors NoChangeNotification");
  const status = policyStatus(policies, now, told.slice(0, 1));
  assert.deepEqual(policies.map(status), ["Pending", "Finished", "Pending"]);
  assert.deepEqual(currentNotified(policies.slice(2), now, told), [], "new policies (another list) start with nothing told");
});
