import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Parameter, ParameterVersion } from "../../src/core/parameters/parameter.js";
import type { Store } from "../../src/ports/store.js";
import { storeRunner } from "./with-store.js";

/** What the Parameter Store use cases rely on the store for, for every Store adapter. */
export function describeParameterStoreContract(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const accountId = "111122223333";
  const region = "us-east-1";
  const arnOf = (name: string, account = accountId, inRegion = region) => `arn:aws:ssm:${inRegion}:${account}:parameter${name.startsWith("/") ? name : `/${name}`}`;
  const t0 = 1_700_000_000_000;
  const newParameter = (name: string, overrides: Partial<Parameter> = {}): Parameter => ({
    arn: arnOf(name, overrides.accountId, overrides.region),
    accountId,
    region,
    name,
    type: "String",
    tier: "Standard",
    dataType: "text",
    policies: [],
    tags: [],
    version: 1,
    lastModifiedAt: new Date(t0),
    lastModifiedUser: `arn:aws:iam::${accountId}:root`,
    notified: [],
    revision: 1,
    ...overrides,
  });
  const newVersion = (version: number, overrides: Partial<ParameterVersion> = {}): ParameterVersion => ({
    version,
    type: "String",
    tier: "Standard",
    dataType: "text",
    policies: [],
    createdAt: new Date(t0 + version * 1000),
    lastModifiedUser: `arn:aws:iam::${accountId}:root`,
    plainValue: `value ${version}`,
    labels: [],
    ...overrides,
  });
  const withStore = storeRunner(open);

  describe(`Parameter store contract: ${engine}`, () => {
    test("create with version 1, read back; an ARN is taken once; every optional member round-trips", () =>
      withStore(async (store) => {
        const parameter = newParameter("/app/secure", {
          type: "SecureString",
          keyId: "alias/aws/ssm",
          description: "d",
          allowedPattern: "^.*$",
          tier: "Advanced",
          policies: ['{"Type":"NoChangeNotification","Version":"1.0","Attributes":{"After":"1","Unit":"Days"}}'],
          tags: [{ Key: "team", Value: "a" }, { Key: "__proto__", Value: "x" }],
          notified: ["k"],
          policyDueAt: new Date(t0 + 86_400_000),
        });
        const v1 = newVersion(1, { type: "SecureString", keyId: "alias/aws/ssm", tier: "Advanced", description: "d", allowedPattern: "^.*$", policies: parameter.policies, encryptedDataKey: Buffer.from("edk"), sealedValue: Buffer.from("box") });
        delete (v1 as { plainValue?: string }).plainValue;
        assert.equal(await store.parameters.create(parameter, v1), true);
        assert.deepEqual(await store.parameters.get(parameter.arn), parameter);
        assert.deepEqual(await store.parameters.version(parameter.arn, 1), v1);
        assert.equal(await store.parameters.version(parameter.arn, 2), undefined);
        assert.equal(await store.parameters.create(newParameter("/app/secure"), newVersion(1)), false);
        assert.equal(await store.parameters.create(newParameter("/app/secure", { region: "eu-west-1" }), newVersion(1)), true);
        assert.equal(await store.parameters.get(arnOf("/nope")), undefined);
      }));

    test("updates need the revision read; a new version, dropped versions and labels land together", () =>
      withStore(async (store) => {
        const p1 = newParameter("/v");
        await store.parameters.create(p1, newVersion(1));
        const p2 = { ...p1, version: 2, revision: 2 };
        assert.equal(await store.parameters.update(p2, { newVersion: newVersion(2), labels: [{ version: 1, labels: ["old"] }, { version: 2, labels: ["new", "prod"] }] }), true);
        assert.equal(await store.parameters.update({ ...p1, revision: 2 }), false, "a lost race writes nothing");
        assert.deepEqual(await store.parameters.labels(p1.arn), [{ version: 1, labels: ["old"] }, { version: 2, labels: ["new", "prod"] }]);
        assert.deepEqual((await store.parameters.versions(p1.arn)).map((v) => [v.version, v.plainValue, v.labels]), [[1, "value 1", ["old"]], [2, "value 2", ["new", "prod"]]]);
        assert.equal(await store.parameters.update({ ...p2, version: 3, revision: 3 }, { newVersion: newVersion(3), dropVersions: [1], labels: [{ version: 2, labels: ["prod"] }, { version: 3, labels: [] }] }), true);
        assert.deepEqual((await store.parameters.versions(p1.arn)).map((v) => v.version), [2, 3]);
        assert.deepEqual(await store.parameters.labels(p1.arn), [{ version: 2, labels: ["prod"] }, { version: 3, labels: [] }]);
        assert.equal((await store.parameters.get(p1.arn))!.revision, 3);
      }));

    test("list by account and Region in name order; counts per tier; delete with and without a revision", () =>
      withStore(async (store) => {
        for (const name of ["/b", "/a/x", "c"]) await store.parameters.create(newParameter(name, name === "c" ? { tier: "Advanced" } : {}), newVersion(1));
        await store.parameters.create(newParameter("/other", { accountId: "444455556666" }), newVersion(1));
        assert.deepEqual((await store.parameters.list(accountId, region)).map((p) => p.name), ["/a/x", "/b", "c"]);
        await store.parameters.create(newParameter("/a0"), newVersion(1));
        assert.deepEqual((await store.parameters.list(accountId, region, arnOf("/a/"))).map((p) => p.name), ["/a/x"], "an ARN prefix: the parameters under a path");
        assert.deepEqual((await store.parameters.list(accountId, region, arnOf("/a"))).map((p) => p.name), ["/a/x", "/a0"]);
        assert.equal(await store.parameters.delete(arnOf("/a0")), true);
        assert.deepEqual(await store.parameters.counts(accountId, region), { Standard: 2, Advanced: 1 });
        assert.equal(await store.parameters.delete(arnOf("/b"), 7), false, "a stale revision deletes nothing");
        assert.equal(await store.parameters.delete(arnOf("/b"), 1), true);
        assert.equal(await store.parameters.delete(arnOf("/a/x")), true);
        assert.equal(await store.parameters.delete(arnOf("/a/x")), false);
        assert.deepEqual(await store.parameters.versions(arnOf("/a/x")), [], "versions go with their parameter");
        assert.deepEqual(await store.parameters.counts(accountId, region), { Standard: 0, Advanced: 1 });
      }));

    test("duePolicies: the parameters whose next policy check is at or before now, earliest first", () =>
      withStore(async (store) => {
        await store.parameters.create(newParameter("/late", { policyDueAt: new Date(t0 + 3000) }), newVersion(1));
        await store.parameters.create(newParameter("/early", { policyDueAt: new Date(t0 + 1000) }), newVersion(1));
        await store.parameters.create(newParameter("/none"), newVersion(1));
        assert.deepEqual(await store.parameters.duePolicies(new Date(t0), 10), []);
        assert.deepEqual(await store.parameters.duePolicies(new Date(t0 + 3000), 10), [arnOf("/early"), arnOf("/late")]);
        assert.deepEqual(await store.parameters.duePolicies(new Date(t0 + 3000), 1), [arnOf("/early")]);
      }));
  });
}
