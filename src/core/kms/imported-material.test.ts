import assert from "node:assert/strict";
import { test } from "node:test";
import { DAY_MS, scheduleDeletion, cancelDeletion, enableKey } from "./key-state.js";
import { deleteImportedMaterial, expirationOf, expiredMaterials, expireMaterials, importMaterial, rotateToImported, type MaterialImport } from "./imported-material.js";
import { currentMaterial, newKmsKey } from "./kms-key.js";

const now = new Date("2026-06-01T00:00:00Z");
const external = newKmsKey({
  origin: { type: "EXTERNAL", wrappedCommitmentKey: Buffer.from("sealed") },
  keySpec: "SYMMETRIC_DEFAULT",
  keyUsage: "ENCRYPT_DECRYPT",
  publicKey: undefined,
  locator: { accountId: "111122223333", region: "us-east-1", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" },
  arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  createdAt: now,
  description: "",
  tags: [],
  policy: "{}",
  policyPins: {},
});
const request = (overrides: Partial<MaterialImport> = {}): MaterialImport => ({
  materialId: "a".repeat(64),
  importType: undefined,
  claimedMaterialId: undefined,
  description: undefined,
  publicKey: undefined,
  expirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
  validTo: undefined,
  now,
  ...overrides,
});

test("an EXTERNAL key starts PendingImport without material; the first import enables it and stores the material", () => {
  assert.equal(external.state, "PendingImport");
  assert.deepEqual(external.materials, []);
  assert.throws(() => enableKey(external), { name: "KMSInvalidStateException", message: `${external.arn} is pending import.` });
  const { key, storeMaterial } = importMaterial(external, request());
  assert.equal(storeMaterial, true);
  assert.equal(key.state, "Enabled");
  assert.equal(key.revision, 2);
  assert.deepEqual(key.materials.map((m) => m.id), ["a".repeat(64)]);
  assert.equal(key.materials[0]!.imported?.imported, true);
  // Re-importing the same material only resets the expiration; the material is stored already.
  const again = importMaterial(key, request({ expirationModel: "KEY_MATERIAL_EXPIRES", validTo: new Date(now.getTime() + DAY_MS) }));
  assert.equal(again.storeMaterial, false);
  assert.equal(again.key.materials[0]!.imported?.expirationModel, "KEY_MATERIAL_EXPIRES");
});

test("other material, or ImportType and KeyMaterialId that do not fit, are refused with AWS's errors", () => {
  const { key } = importMaterial(external, request());
  assert.throws(() => importMaterial(key, request({ materialId: "b".repeat(64) })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(key, request({ importType: "NEW_KEY_MATERIAL" })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(external, request({ importType: "EXISTING_KEY_MATERIAL" })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(key, request({ claimedMaterialId: "c".repeat(64) })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(external, request({ importType: "NEW_KEY_MATERIAL", claimedMaterialId: "a".repeat(64) })), { name: "ValidationException" });
});

test("deletion and expiry leave the commitment; the state becomes PendingImport unless the key is pending deletion", () => {
  const validTo = new Date(now.getTime() + 2 * DAY_MS);
  const { key } = importMaterial(external, request({ expirationModel: "KEY_MATERIAL_EXPIRES", validTo }));
  assert.deepEqual(expiredMaterials(key, new Date(validTo.getTime() - 1)), []);
  const due = expiredMaterials(key, validTo);
  assert.deepEqual(due.map((m) => m.id), ["a".repeat(64)]);
  const expired = expireMaterials(key, due);
  assert.equal(expired.state, "PendingImport");
  assert.equal(expired.materials[0]!.id, "a".repeat(64));
  assert.equal(expired.materials[0]!.imported?.imported, false);
  assert.deepEqual(expiredMaterials(expired, validTo), []);
  assert.throws(() => deleteImportedMaterial(expired, undefined), { name: "KMSInvalidStateException" });
  assert.equal(importMaterial(expired, request()).key.state, "Enabled");
  const pending = scheduleDeletion(key, now, 7);
  assert.throws(() => deleteImportedMaterial(pending, "b".repeat(64)), { name: "NotFoundException" });
  const { key: deleted, deleted: id } = deleteImportedMaterial(pending, "a".repeat(64));
  assert.equal(id, "a".repeat(64));
  assert.equal(deleted.state, "PendingDeletion");
  assert.equal(cancelDeletion(deleted).state, "PendingImport");
  assert.equal(cancelDeletion(pending).state, "Disabled");
});

test("a second, new material waits PENDING_ROTATION; RotateKeyOnDemand makes it current; the key needs all its materials", () => {
  const first = importMaterial(external, request()).key;
  const b = "b".repeat(64);
  const withPending = importMaterial(first, request({ importType: "NEW_KEY_MATERIAL", materialId: b })).key;
  assert.equal(currentMaterial(withPending).id, "a".repeat(64));
  assert.equal(withPending.materials[1]!.imported?.pendingRotation, true);
  assert.throws(() => importMaterial(withPending, request({ importType: "NEW_KEY_MATERIAL", materialId: "c".repeat(64) })), { name: "KMSInvalidStateException" });
  assert.throws(() => rotateToImported(first, now), { name: "KMSInvalidStateException" });
  // Deleting material pending rotation removes it; the key stays Enabled.
  const dropped = deleteImportedMaterial(withPending, b).key;
  assert.deepEqual(dropped.materials.map((m) => m.id), ["a".repeat(64)]);
  assert.equal(dropped.state, "Enabled");
  const later = new Date(now.getTime() + DAY_MS);
  const rotated = rotateToImported(withPending, later);
  assert.equal(currentMaterial(rotated).id, b);
  assert.equal(rotated.materials[1]!.rotationType, "ON_DEMAND");
  assert.equal(rotated.materials[1]!.createdAt.getTime(), later.getTime());
  // The old material gone: PendingImport until it is back, though the current one is present.
  const missingOld = deleteImportedMaterial(rotated, "a".repeat(64)).key;
  assert.equal(missingOld.state, "PendingImport");
  assert.equal(importMaterial(missingOld, request({ materialId: b })).key.state, "PendingImport");
  assert.equal(importMaterial(missingOld, request()).key.state, "Enabled");
  // Asymmetric and HMAC keys keep their first material for good.
  const hmac = importMaterial({ ...external, keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" }, request()).key;
  assert.throws(() => importMaterial(hmac, request({ importType: "NEW_KEY_MATERIAL", materialId: b })), { name: "IncorrectKeyMaterialException" });
});

test("expiration: KEY_MATERIAL_EXPIRES (the default) needs a ValidTo in the next 365 days; DOES_NOT_EXPIRE refuses one", () => {
  const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS);
  assert.throws(() => expirationOf({}, now), { name: "ValidationException", message: /ValidTo is required/ });
  assert.deepEqual(expirationOf({ ValidTo: inDays(365) }, now), { expirationModel: "KEY_MATERIAL_EXPIRES", validTo: inDays(365) });
  assert.throws(() => expirationOf({ ValidTo: new Date(inDays(365).getTime() + 1) }, now), { message: /at most 365 days/ });
  assert.throws(() => expirationOf({ ValidTo: now }, now), { message: /in the future/ });
  assert.deepEqual(expirationOf({ ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }, now), { expirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE", validTo: undefined });
  assert.throws(() => expirationOf({ ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE", ValidTo: inDays(1) }, now), { name: "ValidationException" });
});
