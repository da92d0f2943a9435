import assert from "node:assert/strict";
import { test } from "node:test";
import { DAY_MS, scheduleDeletion, cancelDeletion, enableKey } from "./key-state.js";
import { deleteImportedMaterial, expirationOf, expireMaterial, importMaterial, materialExpired, type MaterialImport } from "./imported-material.js";
import { newKmsKey } from "./kms-key.js";

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
  assert.equal(key.importedMaterial?.imported, true);
  // Re-importing the same material only resets the expiration; the material is stored already.
  const again = importMaterial(key, request({ expirationModel: "KEY_MATERIAL_EXPIRES", validTo: new Date(now.getTime() + DAY_MS) }));
  assert.equal(again.storeMaterial, false);
  assert.equal(again.key.importedMaterial?.expirationModel, "KEY_MATERIAL_EXPIRES");
});

test("other material, or ImportType and KeyMaterialId that do not fit, are refused with AWS's errors", () => {
  const { key } = importMaterial(external, request());
  assert.throws(() => importMaterial(key, request({ materialId: "b".repeat(64) })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(key, request({ importType: "NEW_KEY_MATERIAL" })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(key, request({ importType: "NEW_KEY_MATERIAL", materialId: "b".repeat(64) })), { name: "UnsupportedOperationException" });
  assert.throws(() => importMaterial(external, request({ importType: "EXISTING_KEY_MATERIAL" })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(key, request({ claimedMaterialId: "c".repeat(64) })), { name: "IncorrectKeyMaterialException" });
  assert.throws(() => importMaterial(external, request({ importType: "NEW_KEY_MATERIAL", claimedMaterialId: "a".repeat(64) })), { name: "ValidationException" });
});

test("deletion and expiry leave the commitment; the state becomes PendingImport unless the key is pending deletion", () => {
  const validTo = new Date(now.getTime() + 2 * DAY_MS);
  const { key } = importMaterial(external, request({ expirationModel: "KEY_MATERIAL_EXPIRES", validTo }));
  assert.equal(materialExpired(key, new Date(validTo.getTime() - 1)), false);
  assert.equal(materialExpired(key, validTo), true);
  const expired = expireMaterial(key);
  assert.equal(expired.state, "PendingImport");
  assert.deepEqual(expired.materials, []);
  assert.equal(expired.importedMaterial?.materialId, "a".repeat(64));
  assert.equal(materialExpired(expired, validTo), false);
  assert.throws(() => deleteImportedMaterial(expired, undefined), { name: "KMSInvalidStateException" });
  const pending = scheduleDeletion(key, now, 7);
  assert.throws(() => deleteImportedMaterial(pending, "b".repeat(64)), { name: "NotFoundException" });
  const deleted = deleteImportedMaterial(pending, "a".repeat(64));
  assert.equal(deleted.state, "PendingDeletion");
  assert.equal(cancelDeletion(deleted).state, "PendingImport");
  assert.equal(cancelDeletion(pending).state, "Disabled");
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
