import assert from "node:assert/strict";
import { test } from "node:test";
import { newSymmetricKey } from "./kms-key.js";
import { cancelDeletion, DAY_MS, disableKey, enableKey, enableRotation, rotate, scheduleDeletion } from "./key-state.js";

const created = new Date("2026-01-01T00:00:00Z");
const key = newSymmetricKey({
  locator: { accountId: "111122223333", region: "us-east-1", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" },
  arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  createdAt: created,
  description: "",
  materialId: "a".repeat(64),
  tags: [],
  policy: "{}",
  policyPins: {},
});

test("each transition bumps the revision and follows AWS's state table", () => {
  const disabled = disableKey(key);
  assert.equal(disabled.state, "Disabled");
  assert.equal(disabled.revision, 2);
  const pending = scheduleDeletion(disabled, created, 7);
  assert.equal(pending.state, "PendingDeletion");
  assert.equal(pending.deletionDate!.getTime(), created.getTime() + 7 * DAY_MS);
  assert.throws(() => enableKey(pending), { name: "KMSInvalidStateException", message: `${key.arn} is pending deletion.` });
  assert.throws(() => scheduleDeletion(pending, created, 7), { name: "KMSInvalidStateException" });
  const cancelled = cancelDeletion(pending);
  assert.equal(cancelled.state, "Disabled");
  assert.equal(cancelled.deletionDate, undefined);
  assert.throws(() => cancelDeletion(cancelled), { message: `${key.arn} is not pending deletion.` });
});

test("rotation schedule: first date one period after enabling; automatic rotation moves it on; on-demand does not", () => {
  const enabled = enableRotation(key, created, 90);
  assert.equal(enabled.rotation.nextRotationDate!.getTime(), created.getTime() + 90 * DAY_MS);
  const at = new Date(created.getTime() + 90 * DAY_MS);
  const auto = rotate(enabled, { id: "b".repeat(64), createdAt: at, rotationType: "AUTOMATIC" });
  assert.equal(auto.rotation.nextRotationDate!.getTime(), at.getTime() + 90 * DAY_MS);
  assert.equal(auto.materials.length, 2);
  const manual = rotate(auto, { id: "c".repeat(64), createdAt: at, rotationType: "ON_DEMAND" });
  assert.equal(manual.rotation.nextRotationDate!.getTime(), auto.rotation.nextRotationDate!.getTime());
  assert.equal(manual.materials[2]!.id, "c".repeat(64));
});
