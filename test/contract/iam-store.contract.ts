import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AccessKeyRecord, SessionRecord } from "../../src/ports/credential-repository.js";
import type { IamRole, IamUser } from "../../src/ports/iam-repository.js";
import type { Store } from "../../src/ports/store.js";

/**
 * The contract of the IAM repository and of the credential operations IAM and STS use, that every
 * Store adapter must pass (SQLite now, PostgreSQL later).
 */
export function describeIamStoreContract(engine: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const ACCOUNT = "111122223333";
  const OTHER = "444455556666";
  const at = (n: number) => new Date(1_700_000_000_000 + n);
  const user = (name: string, overrides: Partial<IamUser> = {}): IamUser => ({
    accountId: ACCOUNT,
    userId: `AIDA${name.toUpperCase().padEnd(17, "X").slice(0, 17)}`,
    userName: name,
    path: "/",
    createdAt: at(1),
    tags: [],
    ...overrides,
  });
  const role = (name: string, overrides: Partial<IamRole> = {}): IamRole => ({
    accountId: ACCOUNT,
    roleId: `AROA${name.toUpperCase().padEnd(17, "X").slice(0, 17)}`,
    roleName: name,
    path: "/",
    createdAt: at(2),
    assumeRolePolicyDocument: "{}",
    trustPolicyPins: { "arn:aws:iam::111122223333:user/alice": "AIDAEXAMPLEALICE00001" },
    maxSessionDuration: 3600,
    tags: [],
    ...overrides,
  });
  const key = (id: string, owner: IamUser): AccessKeyRecord => ({
    accessKeyId: id,
    accountId: owner.accountId,
    principalArn: `arn:aws:iam::${owner.accountId}:user${owner.path}${owner.userName}`,
    wrappedSecret: Buffer.from(`wrapped ${id}`),
    status: "Active",
    createdAt: at(3),
    userId: owner.userId,
  });
  const session = (id: string, of: IamRole, expiresAt: Date): SessionRecord => ({
    accessKeyId: id,
    accountId: of.accountId,
    roleId: of.roleId,
    sessionName: "s1",
    wrappedSecret: Buffer.from(`wrapped ${id}`),
    tokenHash: Buffer.alloc(32, 7),
    createdAt: at(4),
    expiresAt,
  });

  const withStore = async (fn: (store: Store) => Promise<void>) => {
    const { store, dispose } = await open();
    try {
      await store.accounts.ensure(ACCOUNT, at(0));
      await store.accounts.ensure(OTHER, at(0));
      await fn(store);
    } finally {
      await dispose();
    }
  };

  describe(`IAM store contract: ${engine}`, () => {
    test("users: names unique per account without regard to case; found by name (any case) and by id", () =>
      withStore(async ({ iam }) => {
        const alice = user("Alice", { tags: [{ Key: "b", Value: "2" }, { Key: "a", Value: "1" }] });
        assert.equal(await iam.createUser(alice), true);
        assert.equal(await iam.createUser(user("ALICE", { userId: "AIDAOTHERID000000001" })), false);
        assert.equal(await iam.createUser(user("alice", { accountId: OTHER, userId: "AIDAOTHERID000000002" })), true);
        assert.deepEqual(await iam.getUser(ACCOUNT, "alice"), alice);
        assert.deepEqual(await iam.userById(alice.userId), alice);
        assert.equal(await iam.getUser(ACCOUNT, "bob"), undefined);
      }));

    test("users are listed by name, filtered by a literal path prefix, in pages", () =>
      withStore(async ({ iam }) => {
        for (const [name, path] of [["c", "/a/"], ["B", "/a/b/"], ["a", "/x/"], ["d", "/a%/"]] as const) await iam.createUser(user(name, { path }));
        const all = await iam.listUsers(ACCOUNT, { pathPrefix: "/", limit: 10 });
        assert.deepEqual(all.items.map((u) => u.userName), ["a", "B", "c", "d"]);
        assert.deepEqual((await iam.listUsers(ACCOUNT, { pathPrefix: "/a/", limit: 10 })).items.map((u) => u.userName), ["B", "c"]);
        assert.deepEqual((await iam.listUsers(ACCOUNT, { pathPrefix: "/a%", limit: 10 })).items.map((u) => u.userName), ["d"]);
        const first = await iam.listUsers(ACCOUNT, { pathPrefix: "/", limit: 2 });
        assert.equal(first.truncated, true);
        const rest = await iam.listUsers(ACCOUNT, { pathPrefix: "/", afterName: first.items[1]!.userName, limit: 2 });
        assert.deepEqual(rest.items.map((u) => u.userName), ["c", "d"]);
        assert.equal(rest.truncated, false);
        assert.equal((await iam.listUsers(OTHER, { pathPrefix: "/", limit: 10 })).items.length, 0);
      }));

    test("a user with access keys or inline policies is not deleted; tags and policies go with the user", () =>
      withStore(async ({ iam, credentials }) => {
        const carol = user("carol", { tags: [{ Key: "t", Value: "v" }] });
        await iam.createUser(carol);
        assert.equal(await credentials.createLimited(key("AKIACAROL00000000001", carol), 2), "created");
        assert.equal(await iam.putPolicy("user", carol.userId, { policyName: "p", document: "{}" }, 2, 2048), "done");
        assert.equal(await iam.deleteUser(ACCOUNT, "carol"), "has-access-keys");
        assert.equal(await credentials.delete(key("x", carol).principalArn, "AKIACAROL00000000001"), true);
        assert.equal(await iam.deleteUser(ACCOUNT, "CAROL"), "has-policies");
        assert.equal(await iam.deletePolicy("user", carol.userId, "P"), true);
        assert.equal(await iam.deleteUser(ACCOUNT, "carol"), "deleted");
        assert.equal(await iam.deleteUser(ACCOUNT, "carol"), "missing");
        assert.equal(await iam.createUser(carol), true, "the name and id are free again");
        assert.deepEqual((await iam.getUser(ACCOUNT, "carol"))!.tags, carol.tags);
      }));

    test("access keys: at most N per principal, none for a user that is gone; status and deletion by owner only", () =>
      withStore(async ({ iam, credentials }) => {
        const dave = user("dave");
        await iam.createUser(dave);
        assert.equal(await credentials.createLimited(key("AKIADAVE000000000001", dave), 2), "created");
        assert.equal(await credentials.createLimited(key("AKIADAVE000000000001", dave), 2), "id-taken");
        assert.equal(await credentials.createLimited(key("AKIADAVE000000000002", dave), 2), "created");
        assert.equal(await credentials.createLimited(key("AKIADAVE000000000003", dave), 2), "limit");
        assert.equal(await credentials.createLimited(key("AKIAGONE000000000001", user("gone")), 2), "owner-missing");
        const arn = key("x", dave).principalArn;
        assert.deepEqual((await credentials.listForPrincipal(arn)).map((k) => k.accessKeyId), ["AKIADAVE000000000001", "AKIADAVE000000000002"]);
        assert.deepEqual(await credentials.find("AKIADAVE000000000001"), key("AKIADAVE000000000001", dave));
        assert.equal(await credentials.setStatus("arn:aws:iam::111122223333:user/other", "AKIADAVE000000000001", "Inactive"), false);
        assert.equal(await credentials.setStatus(arn, "AKIADAVE000000000001", "Inactive"), true);
        assert.equal((await credentials.find("AKIADAVE000000000001"))!.status, "Inactive");
        assert.equal(await credentials.delete("arn:aws:iam::111122223333:user/other", "AKIADAVE000000000002"), false);
        assert.equal(await credentials.delete(arn, "AKIADAVE000000000002"), true);
        assert.equal(await credentials.find("AKIADAVE000000000002"), undefined);
      }));

    test("tags: added in order, overwritten without regard to case, bounded, removed", () =>
      withStore(async ({ iam }) => {
        const erin = role("erin", { tags: [{ Key: "Team", Value: "a" }] });
        await iam.createRole(erin);
        assert.equal(await iam.tag("role", erin.roleId, [{ Key: "team", Value: "b" }, { Key: "cost", Value: "1" }], 3), "done");
        assert.deepEqual((await iam.roleById(erin.roleId))!.tags, [{ Key: "Team", Value: "b" }, { Key: "cost", Value: "1" }]);
        assert.equal(await iam.tag("role", erin.roleId, [{ Key: "x", Value: "" }, { Key: "y", Value: "" }], 3), "too-many");
        assert.equal(await iam.tag("role", erin.roleId, [{ Key: "COST", Value: "2" }, { Key: "x", Value: "" }], 3), "done");
        assert.equal(await iam.untag("role", erin.roleId, ["TEAM", "absent"]), true);
        assert.deepEqual((await iam.roleById(erin.roleId))!.tags, [{ Key: "cost", Value: "2" }, { Key: "x", Value: "" }]);
        assert.equal(await iam.tag("role", "AROANOBODY0000000000", [{ Key: "a", Value: "b" }], 50), "missing");
        assert.equal(await iam.untag("user", "AIDANOBODY0000000000", ["a"]), false);
      }));

    test("inline policies: replaced by name without regard to case; the aggregate size is bounded", () =>
      withStore(async ({ iam }) => {
        const frank = user("frank");
        await iam.createUser(frank);
        assert.equal(await iam.putPolicy("user", frank.userId, { policyName: "one", document: "1" }, 1000, 2048), "done");
        assert.equal(await iam.putPolicy("user", frank.userId, { policyName: "two", document: "2" }, 1048, 2048), "done");
        assert.equal(await iam.putPolicy("user", frank.userId, { policyName: "three", document: "3" }, 1, 2048), "too-large");
        assert.equal(await iam.putPolicy("user", frank.userId, { policyName: "ONE", document: "1b" }, 999, 2048), "done", "a replaced policy's old size does not count");
        assert.deepEqual(await iam.listPolicies("user", frank.userId), [{ policyName: "ONE", document: "1b" }, { policyName: "two", document: "2" }]);
        assert.deepEqual(await iam.getPolicy("user", frank.userId, "one"), { policyName: "ONE", document: "1b" });
        assert.equal(await iam.putPolicy("role", "AROANOBODY0000000000", { policyName: "p", document: "{}" }, 1, 10240), "missing");
        assert.equal(await iam.deletePolicy("user", frank.userId, "missing"), false);
      }));

    test("sessions: only for a role that exists; found by key id; go with their role; purged once expired", () =>
      withStore(async ({ iam, credentials }) => {
        const grace = role("grace");
        await iam.createRole(grace);
        assert.equal(await credentials.createSession(session("ASIAGRACE00000000001", grace, at(1000))), true);
        assert.equal(await credentials.createSession(session("ASIAGRACE00000000002", grace, at(5000))), true);
        assert.equal(await credentials.createSession(session("ASIAGONE000000000001", role("gone"), at(1000))), false);
        assert.deepEqual(await credentials.findSession("ASIAGRACE00000000001"), session("ASIAGRACE00000000001", grace, at(1000)));
        assert.deepEqual([...(await credentials.sessionKeyIdsForRole(grace.roleId))].sort(), ["ASIAGRACE00000000001", "ASIAGRACE00000000002"]);
        assert.equal(await credentials.purgeSessions(at(2000), 100), 1);
        assert.equal(await credentials.findSession("ASIAGRACE00000000001"), undefined);
        assert.equal(await iam.putPolicy("role", grace.roleId, { policyName: "p", document: "{}" }, 2, 10240), "done");
        assert.deepEqual(await iam.deleteRole(ACCOUNT, "grace"), { outcome: "has-policies" });
        await iam.deletePolicy("role", grace.roleId, "p");
        assert.deepEqual(await iam.deleteRole(ACCOUNT, "GRACE"), { outcome: "deleted", sessionKeyIds: ["ASIAGRACE00000000002"] });
        assert.equal(await credentials.findSession("ASIAGRACE00000000002"), undefined);
        assert.deepEqual(await iam.deleteRole(ACCOUNT, "grace"), { outcome: "missing" });
      }));
  });
}
