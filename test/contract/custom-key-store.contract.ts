import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CustomKeyStore } from "../../src/core/kms/custom-key-store.js";
import { keyArn } from "../../src/core/kms/identifiers.js";
import { newKmsKey } from "../../src/core/kms/kms-key.js";
import type { Store } from "../../src/ports/store.js";
import { storeRunner } from "./with-store.js";

/** What the custom key store use cases rely on the store for, for every Store adapter. */
export function describeCustomKeyStoreContract(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const accountId = "111122223333";
  const region = "us-east-1";
  let counter = 0;
  const newStore = (overrides: Partial<CustomKeyStore> = {}): CustomKeyStore => {
    counter++;
    return {
      accountId,
      region,
      id: `cks-${String(counter).padStart(17, "0")}`,
      name: `store-${counter}`,
      clusterId: `cluster-${String(counter).padStart(11, "0")}`,
      trustAnchorCertificate: "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n",
      sealedPassword: Buffer.from(`sealed ${counter}`),
      tokenSerial: `serial-${counter}`,
      createdAt: new Date(1_700_000_000_000 + counter),
      connectRequested: false,
      revision: 1,
      ...overrides,
    };
  };
  const withStore = storeRunner(open);

  describe(`Custom key store contract: ${engine}`, () => {
    test("create and read back; names unique per account and Region, clusters per account", () =>
      withStore(async (store) => {
        const first = newStore();
        assert.equal(await store.customKeyStores.create(first), true);
        assert.deepEqual(await store.customKeyStores.get(first), first);
        assert.deepEqual(await store.customKeyStores.findByName(accountId, region, first.name), first);
        assert.equal(await store.customKeyStores.create(newStore({ name: first.name })), false);
        assert.equal(await store.customKeyStores.create(newStore({ clusterId: first.clusterId })), false);
        assert.equal(await store.customKeyStores.create(newStore({ clusterId: first.clusterId, accountId: "444455556666" })), true);
        assert.equal(await store.customKeyStores.create(newStore({ name: first.name, region: "eu-west-1" })), true);
        assert.equal((await store.customKeyStores.listAccount(accountId)).length, 2);
      }));

    test("pages in id order; updates need the revision read; connect requests are listed", () =>
      withStore(async (store) => {
        const stores = [newStore(), newStore(), newStore()];
        for (const s of stores) await store.customKeyStores.create(s);
        const first = await store.customKeyStores.list(accountId, region, undefined, 2);
        assert.deepEqual(first.stores.map((s) => s.id), [stores[0]!.id, stores[1]!.id]);
        assert.equal(first.truncated, true);
        const second = await store.customKeyStores.list(accountId, region, stores[1]!.id, 2);
        assert.deepEqual(second.stores.map((s) => s.id), [stores[2]!.id]);
        assert.equal(second.truncated, false);

        const renamed = { ...stores[0]!, name: "renamed", connectRequested: true, revision: 2 };
        assert.equal(await store.customKeyStores.update(renamed), true);
        assert.equal(await store.customKeyStores.update({ ...stores[0]!, name: "lost race", revision: 2 }), false);
        assert.equal(await store.customKeyStores.update({ ...renamed, name: stores[1]!.name, revision: 3 }), false, "a taken name is refused");
        assert.deepEqual(await store.customKeyStores.get(stores[0]!), renamed);
        assert.deepEqual((await store.customKeyStores.connectRequested()).map((s) => s.id), [stores[0]!.id]);
      }));

    test("a store is deleted only when it holds no key and is unchanged", () =>
      withStore(async (store) => {
        const holder = newStore();
        await store.customKeyStores.create(holder);
        const keyId = "00000000-0000-4000-8000-0000000000c5";
        const key = newKmsKey({
          keySpec: "SYMMETRIC_DEFAULT",
          keyUsage: "ENCRYPT_DECRYPT",
          publicKey: undefined,
          locator: { accountId, region, keyId },
          arn: keyArn({ partition: "aws", region, accountId }, keyId),
          createdAt: new Date(1_700_000_000_000),
          description: "",
          materialId: "c".repeat(64),
          tags: [],
          policy: "{}",
          policyPins: {},
          customKeyStoreId: holder.id,
        });
        await store.keys.create(key, { id: key.materials[0]!.id, wrapped: Buffer.alloc(0) });
        const read = await store.keys.get(key);
        assert.equal(read?.customKeyStoreId, holder.id);
        assert.equal(read?.origin, "AWS_CLOUDHSM");
        assert.equal(await store.customKeyStores.countKeys(holder), 1);
        assert.equal(await store.customKeyStores.deleteIfEmpty(holder), false);
        assert.ok(await store.keys.purgeIfDue({ ...key, revision: 1 }, new Date()) === false, "an Enabled key is not purged");
        const orphan = { ...key, keyId: "00000000-0000-4000-8000-0000000000c6", customKeyStoreId: "cks-00000000000000999" };
        await assert.rejects(store.keys.create(orphan, { id: orphan.materials[0]!.id, wrapped: Buffer.alloc(0) }), "a key cannot name a store that does not exist");
        const empty = newStore();
        await store.customKeyStores.create(empty);
        assert.equal(await store.customKeyStores.deleteIfEmpty({ ...empty, revision: 2 }), false, "another revision is not deleted");
        assert.equal(await store.customKeyStores.deleteIfEmpty(empty), true);
        assert.equal(await store.customKeyStores.get(empty), undefined);
      }));
  });
}
