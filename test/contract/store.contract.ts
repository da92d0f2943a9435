import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keyArn } from "../../src/core/kms/identifiers.js";
import { newSymmetricKey, type KmsKey } from "../../src/core/kms/kms-key.js";
import { scheduleDeletion, cancelDeletion } from "../../src/core/kms/key-state.js";
import type { GrantRecord } from "../../src/ports/grant-repository.js";
import type { Store } from "../../src/ports/store.js";
import { storeRunner } from "./with-store.js";

/**
 * The contract every Store adapter must pass (SQLite now, PostgreSQL later): the semantics the use
 * cases rely on, including the races they depend on the store to settle.
 */
export function describeStoreContract(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const scope = { partition: "aws", region: "us-east-1", accountId: "111122223333" };
  let counter = 0;
  const newKey = (overrides: Partial<KmsKey> = {}): KmsKey => {
    const keyId = `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;
    const key = newSymmetricKey({
      locator: { accountId: scope.accountId, region: scope.region, keyId },
      arn: keyArn(scope, keyId),
      createdAt: new Date(1_700_000_000_000 + counter),
      description: `key ${counter}`,
      materialId: String(counter).padStart(64, "a"),
      tags: [{ TagKey: "n", TagValue: String(counter) }],
      policy: "{}",
      policyPins: { "arn:aws:iam::111122223333:user/alice": "AIDAEXAMPLEALICE00001" },
    });
    return { ...key, ...overrides };
  };
  const material = (key: KmsKey) => ({ id: key.materials[0]!.id, wrapped: Buffer.from(`wrapped ${key.keyId}`) });

  const withStore = storeRunner(open);

  describe(`Store contract: ${engine}`, () => {
    test("keys: create, get, update with a revision check, wrapped material", async () =>
      withStore(async (store) => {
        const key = newKey();
        await store.keys.create(key, material(key));
        assert.deepEqual(await store.keys.get(key), key);
        assert.deepEqual(await store.keys.wrappedMaterial(key, key.materials[0]!.id), Buffer.from(`wrapped ${key.keyId}`));
        assert.equal(await store.keys.wrappedMaterial(key, "f".repeat(64)), undefined);
        const next = { ...key, description: "changed", tags: [], revision: 2 };
        assert.equal(await store.keys.update(next), true);
        assert.equal(await store.keys.update({ ...key, description: "stale", revision: 2 }), false, "a writer that read revision 1 loses");
        assert.deepEqual(await store.keys.get(key), next);
        const rotated = { ...next, materials: [...next.materials, { id: "b".repeat(64), createdAt: new Date(2_000_000_000_000), rotationType: "ON_DEMAND" as const }], revision: 3 };
        assert.equal(await store.keys.update(rotated, { id: "b".repeat(64), wrapped: Buffer.from("second") }), true);
        assert.deepEqual((await store.keys.get(key))!.materials.map((m) => m.id), [key.materials[0]!.id, "b".repeat(64)]);
      }));

    test("keys: an EXTERNAL key without material, its imported materials stored, dropped and due to expire", async () =>
      withStore(async (store) => {
        const base = newKey();
        const key: KmsKey = { ...base, origin: "EXTERNAL", state: "PendingImport", materials: [], wrappedCommitmentKey: Buffer.from("sealed commitment key") };
        await store.keys.create(key, undefined);
        assert.deepEqual(await store.keys.get(key), key);
        const [a, b] = ["c".repeat(64), "d".repeat(64)];
        const validTo = new Date(1_800_000_000_000);
        const imported: KmsKey = {
          ...key,
          state: "Enabled",
          materials: [
            {
              id: a,
              createdAt: new Date(1_750_000_000_000),
              rotationType: undefined,
              imported: { imported: true, expirationModel: "KEY_MATERIAL_EXPIRES", validTo, description: "from the HSM", pendingRotation: false },
            },
          ],
          publicKey: Buffer.from("public key"),
          revision: 2,
        };
        assert.equal(await store.keys.update(imported, { id: a, wrapped: Buffer.from("imported") }), true);
        assert.deepEqual(await store.keys.get(key), imported);
        assert.deepEqual(await store.keys.wrappedMaterial(key, a), Buffer.from("imported"));
        const second = {
          id: b,
          createdAt: new Date(1_760_000_000_000),
          rotationType: undefined,
          imported: { imported: true, expirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" as const, validTo: undefined, description: undefined, pendingRotation: true },
        };
        const pending: KmsKey = { ...imported, materials: [...imported.materials, second], revision: 3 };
        assert.equal(await store.keys.update(pending, { id: b, wrapped: Buffer.from("second") }), true);
        assert.deepEqual(await store.keys.get(key), pending);
        assert.deepEqual(await store.keys.dueForMaterialExpiry(new Date(validTo.getTime() - 1), 10), []);
        assert.deepEqual(await store.keys.dueForMaterialExpiry(validTo, 10), [{ accountId: key.accountId, region: key.region, keyId: key.keyId }]);
        const first = pending.materials[0]!;
        const expired: KmsKey = { ...pending, state: "PendingImport", materials: [{ ...first, imported: { ...first.imported!, imported: false } }, second], revision: 4 };
        assert.equal(await store.keys.update(expired), true);
        assert.equal(await store.keys.wrappedMaterial(key, a), undefined, "the material a key no longer holds is gone");
        assert.deepEqual(await store.keys.wrappedMaterial(key, b), Buffer.from("second"));
        assert.deepEqual(await store.keys.get(key), expired);
        assert.deepEqual(await store.keys.dueForMaterialExpiry(validTo, 10), []);
      }));

    test("keys: list in key-id order, page by page", async () =>
      withStore(async (store) => {
        const keys = [newKey(), newKey(), newKey()];
        for (const key of keys) await store.keys.create(key, material(key));
        const first = await store.keys.list(scope.accountId, scope.region, undefined, 2);
        assert.equal(first.truncated, true);
        const second = await store.keys.list(scope.accountId, scope.region, first.keys[1]!.keyId, 2);
        assert.equal(second.truncated, false);
        assert.deepEqual([...first.keys, ...second.keys].map((k) => k.keyId), keys.map((k) => k.keyId).sort());
        assert.deepEqual((await store.keys.list("999999999999", scope.region, undefined, 10)).keys, []);
      }));

    test("purgeIfDue deletes only a key still pending, due, and unchanged; its material and aliases go with it", async () =>
      withStore(async (store) => {
        const key = newKey();
        await store.keys.create(key, material(key));
        await store.aliases.create({ ...scope, aliasName: "alias/goes", targetKeyId: key.keyId, createdAt: new Date(), lastUpdatedAt: new Date() }, 50);
        const now = new Date(1_800_000_000_000);
        const pending = scheduleDeletion(key, now, 7);
        assert.equal(await store.keys.update(pending), true);
        const due = new Date(now.getTime() + 8 * 86_400_000);
        assert.deepEqual(await store.keys.dueForDeletion(due, 10), [{ accountId: key.accountId, region: key.region, keyId: key.keyId }]);
        assert.equal(await store.keys.purgeIfDue(pending, now), false, "not due yet");
        const cancelled = cancelDeletion(pending);
        assert.equal(await store.keys.update(cancelled), true);
        assert.equal(await store.keys.purgeIfDue(pending, due), false, "a cancel that won the race keeps the key");
        assert.ok(await store.keys.get(key));
        const again = scheduleDeletion(cancelled, now, 7);
        assert.equal(await store.keys.update(again), true);
        assert.equal(await store.keys.purgeIfDue(again, due), true);
        assert.equal(await store.keys.get(key), undefined);
        assert.equal(await store.keys.wrappedMaterial(key, key.materials[0]!.id), undefined);
        assert.equal(await store.aliases.get(scope.accountId, scope.region, "alias/goes"), undefined);
      }));

    test("aliases: the store settles names, missing or pending targets, and the per-key limit inside the write", async () =>
      withStore(async (store) => {
        const key = newKey();
        const other = newKey();
        await store.keys.create(key, material(key));
        await store.keys.create(other, material(other));
        const alias = (aliasName: string, targetKeyId = key.keyId) => ({ ...scope, aliasName, targetKeyId, createdAt: new Date(1), lastUpdatedAt: new Date(1) });
        assert.equal(await store.aliases.create(alias("alias/a"), 2), "done");
        assert.equal(await store.aliases.create(alias("alias/a", other.keyId), 2), "name-taken");
        assert.equal(await store.aliases.create(alias("alias/b"), 2), "done");
        assert.equal(await store.aliases.create(alias("alias/c"), 2), "key-limit");
        assert.equal(await store.aliases.create(alias("alias/d", "00000000-0000-4000-8000-999999999999"), 2), "key-gone");
        assert.equal(await store.keys.update(scheduleDeletion(other, new Date(), 7)), true);
        assert.equal(await store.aliases.create(alias("alias/e", other.keyId), 2), "key-gone");
        assert.equal(await store.aliases.retarget(scope.accountId, scope.region, "alias/a", other.keyId, new Date(5), 2), "key-gone");
        assert.equal(await store.aliases.retarget(scope.accountId, scope.region, "alias/none", key.keyId, new Date(5), 2), "alias-missing");
        assert.equal(await store.aliases.retarget(scope.accountId, scope.region, "alias/a", key.keyId, new Date(5), 2), "done", "re-pointing at the same key is not over the limit");
        const listed = await store.aliases.list(scope.accountId, scope.region, { targetKeyId: key.keyId, limit: 1 });
        assert.deepEqual(listed.aliases.map((a) => a.aliasName), ["alias/a"]);
        assert.equal(listed.truncated, true);
        assert.equal((await store.aliases.get(scope.accountId, scope.region, "alias/a"))!.lastUpdatedAt.getTime(), 5);
        assert.equal(await store.aliases.delete(scope.accountId, scope.region, "alias/a"), true);
        assert.equal(await store.aliases.delete(scope.accountId, scope.region, "alias/a"), false);
      }));

    test("grants: create with the checks inside the write, named retries, get, list, delete", async () =>
      withStore(async (store) => {
        const key = newKey();
        const other = newKey();
        await store.keys.create(key, material(key));
        await store.keys.create(other, material(other));
        const plain = (context: Readonly<Record<string, string>> | undefined) => (context === undefined ? undefined : { ...context });
        const view = (g: GrantRecord | undefined) =>
          g && { ...g, constraints: g.constraints && { equals: plain(g.constraints.encryptionContextEquals), subset: plain(g.constraints.encryptionContextSubset) } };
        let n = 0;
        const grant = (overrides: Partial<GrantRecord> = {}): GrantRecord => ({
          key: { accountId: key.accountId, region: key.region, keyId: key.keyId },
          grantId: String(++n).padStart(64, "0"),
          granteePrincipal: "arn:aws:iam::111122223333:role/Worker",
          issuingAccount: "arn:aws:iam::111122223333:root",
          operations: ["Decrypt", "Encrypt"],
          createdAt: new Date(1_700_000_000_000 + n),
          ...overrides,
        });
        const context = Object.defineProperty({ Department: "IT" }, "__proto__", { value: "an ordinary key", enumerable: true });
        const first = grant({ name: "retry-me", retiringPrincipal: "arn:aws:iam::111122223333:user/ops", constraints: { encryptionContextSubset: context } });
        assert.deepEqual(await store.grants.create(first, 3), { outcome: "created", grant: first });
        assert.deepEqual(view(await store.grants.get(key, first.grantId)), view(first));
        const retry = { ...first, grantId: "f".repeat(64), operations: ["Encrypt", "Decrypt"], createdAt: new Date(5) };
        const again = await store.grants.create(retry, 3);
        assert.equal(again.outcome, "existing");
        assert.equal(again.outcome === "existing" && again.grant.grantId, first.grantId, "a named retry returns the original grant");
        assert.equal((await store.grants.create({ ...retry, operations: ["Decrypt"] }, 3)).outcome, "created", "same name, other parameters: a new grant");
        const third = grant({ granteePrincipal: "arn:aws:iam::111122223333:user/alice" });
        assert.equal((await store.grants.create(third, 3)).outcome, "created");
        assert.deepEqual(await store.grants.create(grant(), 3), { outcome: "key-limit" });
        assert.deepEqual(await store.grants.create(grant({ key: { ...first.key, keyId: "00000000-0000-4000-8000-999999999999" } }), 3), { outcome: "key-gone" });
        assert.equal(await store.keys.update(scheduleDeletion(other, new Date(), 7)), true);
        assert.deepEqual(await store.grants.create(grant({ key: { accountId: other.accountId, region: other.region, keyId: other.keyId } }), 3), { outcome: "key-gone" });

        assert.deepEqual((await store.grants.listForKey(key)).map((g) => g.grantId), [first.grantId, "f".repeat(64), third.grantId]);
        assert.deepEqual((await store.grants.listForKey(key, ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/nobody"])).map((g) => g.grantId), [third.grantId]);
        assert.deepEqual(await store.grants.listForKey(key, ["arn:aws:iam::111122223333:user/stranger"]), []);
        const page1 = await store.grants.list(key, { limit: 2 });
        assert.deepEqual(page1.grants.map((g) => g.grantId), [first.grantId, "f".repeat(64)]);
        assert.ok(page1.next !== undefined);
        const page2 = await store.grants.list(key, { limit: 2, after: page1.next! });
        assert.deepEqual(page2.grants.map((g) => g.grantId), [third.grantId]);
        assert.equal(page2.next, undefined);
        assert.deepEqual((await store.grants.list(key, { limit: 10, granteePrincipal: "arn:aws:iam::111122223333:user/alice" })).grants.map((g) => g.grantId), [third.grantId]);
        assert.deepEqual((await store.grants.list(key, { limit: 10, grantId: first.grantId })).grants.map((g) => g.grantId), [first.grantId]);
        assert.deepEqual((await store.grants.list(key, { limit: 10, grantId: "0".repeat(64) })).grants, []);
        const retirable = await store.grants.listRetirable(key.region, "arn:aws:iam::111122223333:user/ops", { limit: 1 });
        assert.deepEqual(retirable.grants.map((g) => g.grantId), [first.grantId]);
        assert.deepEqual((await store.grants.listRetirable(key.region, "arn:aws:iam::111122223333:user/ops", { limit: 1, after: retirable.next! })).grants.map((g) => g.grantId), ["f".repeat(64)]);
        assert.deepEqual((await store.grants.listRetirable("eu-west-1", "arn:aws:iam::111122223333:user/ops", { limit: 10 })).grants, []);

        assert.equal(await store.grants.delete(key, third.grantId), true);
        assert.equal(await store.grants.delete(key, third.grantId), false);
        assert.equal(await store.grants.get(key, third.grantId), undefined);
      }));

    test("grants go with their key when it is purged", async () =>
      withStore(async (store) => {
        const key = newKey();
        await store.keys.create(key, material(key));
        const record: GrantRecord = {
          key: { accountId: key.accountId, region: key.region, keyId: key.keyId },
          grantId: "e".repeat(64),
          granteePrincipal: "arn:aws:iam::111122223333:root",
          retiringPrincipal: "arn:aws:iam::111122223333:root",
          issuingAccount: "arn:aws:iam::111122223333:root",
          operations: ["Decrypt"],
          createdAt: new Date(1),
        };
        assert.equal((await store.grants.create(record, 10)).outcome, "created");
        const now = new Date(1_800_000_000_000);
        const pending = scheduleDeletion(key, now, 7);
        assert.equal(await store.keys.update(pending), true);
        assert.equal(await store.grants.get(key, record.grantId) !== undefined, true, "a key pending deletion keeps its grants");
        assert.equal(await store.keys.purgeIfDue(pending, new Date(now.getTime() + 8 * 86_400_000)), true);
        assert.deepEqual(await store.grants.listForKey(key), []);
        assert.deepEqual((await store.grants.listRetirable(key.region, "arn:aws:iam::111122223333:root", { limit: 10 })).grants, []);
      }));

    test("credentials, accounts and the seal configuration", async () =>
      withStore(async (store) => {
        assert.equal(await store.accounts.ensure(scope.accountId, new Date(1)), true);
        assert.equal(await store.accounts.ensure(scope.accountId, new Date(2)), false);
        assert.equal(await store.accounts.exists(scope.accountId), true);
        const record = { accessKeyId: "AKIACONTRACT00000001", accountId: scope.accountId, principalArn: "arn:aws:iam::111122223333:root", wrappedSecret: Buffer.from("w"), status: "Active" as const, createdAt: new Date(3) };
        assert.equal(await store.credentials.create(record), true);
        assert.equal(await store.credentials.create(record), false);
        assert.deepEqual(await store.credentials.find(record.accessKeyId), record);
        assert.equal(await store.credentials.countForPrincipal(record.principalArn), 1);
        assert.equal(await store.system.sealConfig(), undefined);
        await store.system.initialize({ type: "dev" }, { term: 1, wrapped: Buffer.from("term"), createdAt: new Date(4) });
        assert.deepEqual(await store.system.sealConfig(), { type: "dev" });
        assert.deepEqual(await store.system.barrierTerms(), [{ term: 1, wrapped: Buffer.from("term"), createdAt: new Date(4) }]);
        await assert.rejects(store.system.initialize({ type: "dev" }, { term: 1, wrapped: Buffer.from("x"), createdAt: new Date(5) }));
      }));
  });
}
