import assert from "node:assert/strict";
import { test } from "node:test";
import { Barrier } from "../../core/barrier.js";
import { keyMaterialIdentity, type KeyLocator } from "../../core/kms/kms-key.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { KeyMaterialVault } from "./key-material.js";

const barrier = new Barrier(new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 9))]]), (n) => Buffer.alloc(n, 3));
const KEY: KeyLocator = { accountId: "111122223333", region: "us-east-1", keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" };

/** A vault over one stored material, counting the store reads (a cache miss reads). */
function vault(onForget?: (locator: KeyLocator) => void) {
  const wrapped = barrier.seal(SecretBytes.copyOf(Buffer.alloc(32, 1)), keyMaterialIdentity(KEY, "m1"));
  const reads = { count: 0 };
  const material = new KeyMaterialVault(
    {
      keys: { wrappedMaterial: async () => (reads.count++, wrapped) },
      barrier: () => barrier,
      randomBytes: (n) => Buffer.alloc(n, 5),
      ...(onForget ? { onForget } : {}),
    },
    { maxEntries: 10, maxAgeMs: 60_000, now: () => 0 },
  );
  return { material, reads };
}

test("forget drops the key's cached material here and tells onForget (other workers); drop only drops", async () => {
  const told: KeyLocator[] = [];
  const { material, reads } = vault((locator) => told.push(locator));
  await material.withMaterial(KEY, "m1", () => undefined);
  await material.withMaterial(KEY, "m1", () => undefined);
  assert.equal(reads.count, 1);

  material.forget({ ...KEY, arn: "arn:aws:kms:us-east-1:111122223333:key/x" } as KeyLocator);
  assert.deepEqual(told, [KEY], "only the locator is published, not the whole key record");
  await material.withMaterial(KEY, "m1", () => undefined);
  assert.equal(reads.count, 2);

  material.drop(KEY);
  assert.equal(told.length, 1);
  await material.withMaterial(KEY, "m1", () => undefined);
  assert.equal(reads.count, 3);
});
