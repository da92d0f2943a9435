import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Secret, SecretVersion } from "../../src/core/secrets/secret.js";
import type { Store } from "../../src/ports/store.js";
import { storeRunner } from "./with-store.js";

/** What the Secrets Manager use cases rely on the store for, for every Store adapter. */
export function describeSecretStoreContract(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const accountId = "111122223333";
  const region = "us-east-1";
  let counter = 0;
  const newSecret = (overrides: Partial<Secret> = {}): Secret => {
    counter++;
    const name = overrides.name ?? `app/db-${counter}`;
    return {
      arn: `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-Ab${String(counter).padStart(4, "0")}`,
      accountId,
      region,
      name,
      createdAt: new Date(1_700_000_000_000 + counter * 1000),
      lastChangedAt: new Date(1_700_000_000_000 + counter * 1000),
      stages: new Map(),
      revision: 1,
      ...overrides,
    };
  };
  const newVersion = (versionId: string, createdAt: Date, overrides: Partial<SecretVersion> = {}): SecretVersion => ({
    versionId,
    createdAt,
    kind: "string",
    encryptedDataKey: Buffer.from(`edk ${versionId}`),
    sealedValue: Buffer.from(`sealed ${versionId}`),
    ...overrides,
  });
  const withStore = storeRunner(open);

  describe(`Secret store contract: ${engine}`, () => {
    test("create with a first version and its label, read back by ARN and by name; names unique per account and Region", () =>
      withStore(async (store) => {
        const v1 = newVersion("11111111-1111-1111-1111-111111111111", new Date(1_700_000_000_000));
        const secret = newSecret({
          description: "db",
          kmsKeyId: "alias/app",
          tags: [{ Key: "team", Value: "a" }],
          resourcePolicy: "{}",
          stages: new Map([["AWSCURRENT", v1.versionId]]),
        });
        assert.equal(await store.secrets.create(secret, v1), true);
        assert.deepEqual(await store.secrets.getByArn(secret.arn), secret);
        assert.deepEqual(await store.secrets.getByName(accountId, region, secret.name), secret);
        assert.deepEqual(await store.secrets.version(secret.arn, v1.versionId), v1);
        assert.equal(await store.secrets.create(newSecret({ name: secret.name }), undefined), false);
        assert.equal(await store.secrets.create(newSecret({ name: secret.name, region: "eu-west-1" }), undefined), true);
        assert.equal(await store.secrets.getByArn(`${secret.arn}x`), undefined);
        assert.equal(await store.secrets.version(secret.arn, "nope"), undefined);
      }));

    test("updates need the revision read; a new version, its labels and resealed versions land together", () =>
      withStore(async (store) => {
        const v1 = newVersion("v1-000000000000000000000000000000", new Date(1_700_000_000_000));
        const secret = newSecret({ stages: new Map([["AWSCURRENT", v1.versionId]]) });
        await store.secrets.create(secret, v1);
        const v2 = newVersion("v2-000000000000000000000000000000", new Date(1_700_000_100_000));
        const next: Secret = { ...secret, stages: new Map([["AWSCURRENT", v2.versionId], ["AWSPREVIOUS", v1.versionId]]), revision: 2 };
        assert.equal(await store.secrets.update(next, { newVersion: v2 }), true);
        assert.equal(await store.secrets.update({ ...secret, description: "lost race", revision: 2 }, { newVersion: newVersion("v3-000000000000000000000000000000", new Date()) }), false);
        const read = await store.secrets.getByArn(secret.arn);
        assert.deepEqual(read, next);
        assert.deepEqual((await store.secrets.versions(secret.arn)).map((v) => v.versionId), [v1.versionId, v2.versionId]);

        const resealed = { ...v1, kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k", encryptedDataKey: Buffer.from("edk2"), sealedValue: Buffer.from("sealed2") };
        assert.equal(await store.secrets.update({ ...next, kmsKeyId: "k", revision: 3 }, { reencrypted: [resealed] }), true);
        assert.deepEqual(await store.secrets.version(secret.arn, v1.versionId), resealed);
      }));

    test("a read is recorded to the day, on the secret and its version, never backwards", () =>
      withStore(async (store) => {
        const v1 = newVersion("v1-000000000000000000000000000000", new Date(1_700_000_000_000));
        const secret = newSecret({ stages: new Map([["AWSCURRENT", v1.versionId]]) });
        await store.secrets.create(secret, v1);
        const day = new Date(Date.UTC(2026, 10, 30));
        await store.secrets.recordAccess(secret.arn, v1.versionId, day);
        await store.secrets.recordAccess(secret.arn, v1.versionId, new Date(Date.UTC(2026, 10, 29)));
        assert.deepEqual((await store.secrets.getByArn(secret.arn))?.lastAccessedAt, day);
        assert.deepEqual((await store.secrets.versions(secret.arn))[0]?.lastAccessedAt, day);
        assert.equal((await store.secrets.getByArn(secret.arn))?.revision, 1, "a read is not a change");
      }));

    test("lists in creation order, hiding secrets scheduled for deletion unless asked; purges only what is unchanged and due", () =>
      withStore(async (store) => {
        const a = newSecret();
        const b = newSecret({ deletionDate: new Date(1_700_000_500_000) });
        const c = newSecret({ region: "eu-west-1" });
        for (const s of [a, b, c]) await store.secrets.create(s, undefined);
        assert.deepEqual((await store.secrets.list(accountId, region, false)).map((s) => s.arn), [a.arn]);
        assert.deepEqual((await store.secrets.list(accountId, region, true)).map((s) => s.arn), [a.arn, b.arn]);
        assert.deepEqual(await store.secrets.dueForDeletion(new Date(1_700_000_499_999), 10), []);
        assert.deepEqual(await store.secrets.dueForDeletion(new Date(1_700_000_500_000), 10), [{ arn: b.arn, revision: 1 }]);
        assert.equal(await store.secrets.purge({ arn: b.arn, revision: 2 }), false);
        assert.equal(await store.secrets.purge({ arn: b.arn, revision: 1 }), true);
        assert.equal(await store.secrets.getByArn(b.arn), undefined);
        assert.equal(await store.secrets.create(newSecret({ name: b.name }), undefined), true, "a purged name is free again");
      }));

    test("purging a secret takes its versions and labels with it", () =>
      withStore(async (store) => {
        const v1 = newVersion("v1-000000000000000000000000000000", new Date(1_700_000_000_000));
        const secret = newSecret({ name: "gone", stages: new Map([["AWSCURRENT", v1.versionId]]) });
        await store.secrets.create(secret, v1);
        assert.equal(await store.secrets.purge(secret), true);
        const again = newSecret({ name: "gone", arn: secret.arn });
        assert.equal(await store.secrets.create(again, undefined), true);
        assert.deepEqual(await store.secrets.versions(secret.arn), []);
        assert.deepEqual((await store.secrets.getByArn(secret.arn))?.stages, new Map());
      }));

    test("rotation: due when enabled and its date has come, or at once while one is in progress; never when scheduled for deletion", () =>
      withStore(async (store) => {
        const rotation = { enabled: true, lambdaArn: "arn:aws:lambda:us-east-1:111122223333:function:f", rules: { AutomaticallyAfterDays: 7 }, principalArn: "arn:aws:iam::111122223333:root" };
        const due = newSecret({ rotation: { ...rotation, nextRotationAt: new Date(1_700_000_000_000) } });
        const later = newSecret({ rotation: { ...rotation, nextRotationAt: new Date(1_800_000_000_000) } });
        const running = newSecret({ rotation: { ...rotation, nextRotationAt: new Date(1_800_000_000_000), inProgress: { versionId: "v", nextStep: "setSecret", attempts: 1 } } });
        const disabled = newSecret({ rotation: { ...rotation, enabled: false, nextRotationAt: new Date(1_700_000_000_000) } });
        const deleting = newSecret({ deletionDate: new Date(1_900_000_000_000), rotation: { ...rotation, nextRotationAt: new Date(1_700_000_000_000) } });
        for (const s of [due, later, running, disabled, deleting]) await store.secrets.create(s, undefined);
        assert.deepEqual(new Set(await store.secrets.dueForRotation(new Date(1_700_000_000_001), 10)), new Set([due.arn, running.arn]));
        const failed = { ...due.rotation!, lastFailure: { at: new Date(1_700_000_000_500), step: "testSecret", message: "could not connect" }, lastRotatedAt: new Date(1_600_000_000_000) };
        await store.secrets.update({ ...due, rotation: failed, revision: 2 });
        assert.deepEqual((await store.secrets.getByArn(due.arn))?.rotation, failed);
      }));

    test("pruning keeps labelled and young versions, oldest unlabelled first", () =>
      withStore(async (store) => {
        const base = 1_700_000_000_000;
        const versions = [0, 1, 2, 3, 4].map((i) => newVersion(`v${i}-00000000000000000000000000000000`, new Date(base + i * 1000)));
        const secret = newSecret({ stages: new Map([["AWSCURRENT", versions[4]!.versionId], ["AWSPREVIOUS", versions[0]!.versionId]]) });
        await store.secrets.create({ ...secret, stages: new Map([["AWSCURRENT", versions[0]!.versionId]]) }, versions[0]);
        let revision = 1;
        for (const v of versions.slice(1)) {
          revision++;
          await store.secrets.update({ ...secret, stages: new Map([["AWSCURRENT", v.versionId]]), revision }, { newVersion: v });
        }
        await store.secrets.update({ ...secret, revision: revision + 1 });
        // Unlabelled: v1, v2, v3. Keep 3 of 5, sparing v3 as too young.
        assert.equal(await store.secrets.pruneVersions(secret.arn, 3, new Date(base + 3000)), 2);
        assert.deepEqual((await store.secrets.versions(secret.arn)).map((v) => v.versionId.slice(0, 2)), ["v0", "v3", "v4"]);
        assert.equal(await store.secrets.pruneVersions(secret.arn, 3, new Date(base + 10_000)), 0);
      }));
  });
}
