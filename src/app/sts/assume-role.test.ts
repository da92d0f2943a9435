import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestContext, test } from "node:test";
import { openSqliteStore } from "../../adapters/sqlite/store.js";
import { Barrier } from "../../core/barrier.js";
import type { Caller } from "../../core/identity/caller.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { IamRole } from "../../ports/iam-repository.js";
import type { ResourceAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { sessionTokenMatches } from "../identity/session-token.js";
import { makeAssumeRole } from "./assume-role.js";

const NOW = new Date("2025-01-01T00:00:00Z");
const ROLE: IamRole = {
  accountId: "111122223333",
  roleId: "AROAEXAMPLE0000000001",
  roleName: "deployer",
  path: "/ci/",
  createdAt: NOW,
  assumeRolePolicyDocument: '{"trust":"policy"}',
  trustPolicyPins: {},
  maxSessionDuration: 7200,
  tags: [
    { Key: "team", Value: "platform" },
    { Key: "Env", Value: "prod" },
  ],
};
/** A role in the caller's own account, so the root's refusal is not for want of a role. */
const OWN_ROLE: IamRole = { ...ROLE, accountId: "444455556666", roleId: "AROAEXAMPLE0000000002", roleName: "own-account", path: "/", tags: [] };
const USER: Caller = {
  accountId: "444455556666",
  principalArn: "arn:aws:iam::444455556666:user/ci-bot",
  accessKeyId: "AKIA",
  principalType: "User",
  userId: "AIDAEXAMPLE0000000001",
  userName: "ci-bot",
  principalTags: {},
};
const ROOT: Caller = { accountId: "444455556666", principalArn: "arn:aws:iam::444455556666:root", accessKeyId: "AKIA", principalType: "Root", userId: "444455556666", principalTags: {} };
const SESSION: Caller = { accountId: "444455556666", accessKeyId: "ASIA", principalType: "AssumedRole", principalArn: "arn:aws:sts::444455556666:assumed-role/r/s", userId: "AROAX:s", roleArn: "arn:aws:iam::444455556666:role/r", principalTags: {} };
const ctx = (caller: Caller): RequestContext => ({ requestId: "r", caller, partition: "aws", region: "us-east-1", now: NOW, sourceIp: "127.0.0.1", secureTransport: false });

let counter = 0;
/** makeAssumeRole over a real SQLite store in a temp dir, closed and removed when the test ends. */
async function setup(t: TestContext, options: { allow?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "sbx-assume-role-"));
  const store = openSqliteStore(join(dir, "strongbox.db"), { partition: "aws" });
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  for (const account of [ROLE.accountId, OWN_ROLE.accountId]) await store.accounts.ensure(account, NOW);
  for (const role of [ROLE, OWN_ROLE]) assert.equal(await store.iam.createRole(role), true);

  const asked: ResourceAccess[] = [];
  const barrier = new Barrier(new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 1))]]), (n) => Buffer.alloc(n, ++counter % 256));
  const randomBytes = (n: number) => Buffer.alloc(n, ++counter % 256);
  const assumeRole = makeAssumeRole({
    iam: store.iam,
    credentials: store.credentials,
    barrier: () => barrier,
    randomBytes,
    authorize: async (_ctx, access) => {
      asked.push(access);
      if (options.allow === false) throw new Error("denied by the gate");
    },
  });
  /** The access key ids of every session stored for our roles. */
  const storedSessions = async () => [
    ...(await store.credentials.sessionKeyIdsForRole(ROLE.roleId)),
    ...(await store.credentials.sessionKeyIdsForRole(OWN_ROLE.roleId)),
  ];
  return { assumeRole, asked, store, storedSessions };
}

const ARN = "arn:aws:iam::111122223333:role/ci/deployer";

test("the gate gets the facts: the role ARN and account, its trust policy and tags, the session name and external id", async (t) => {
  const { assumeRole, asked, store, storedSessions } = await setup(t);
  const out = await assumeRole({ RoleArn: ARN, RoleSessionName: "build", ExternalId: "ext-1", DurationSeconds: 7200 }, ctx(USER));
  assert.deepEqual(asked, [
    {
      action: "sts:AssumeRole",
      resource: ARN,
      resourceAccountId: "111122223333",
      resourcePolicy: '{"trust":"policy"}',
      resourcePolicyPins: {},
      conditions: {
        "aws:ResourceTag/team": "platform",
        "iam:ResourceTag/team": "platform",
        "aws:ResourceTag/Env": "prod",
        "iam:ResourceTag/Env": "prod",
        "sts:RoleSessionName": "build",
        "sts:ExternalId": "ext-1",
      },
    },
  ]);
  assert.equal(out.AssumedRoleUser.Arn, "arn:aws:sts::111122223333:assumed-role/deployer/build");
  assert.equal(out.AssumedRoleUser.AssumedRoleId, "AROAEXAMPLE0000000001:build");
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 7200_000);
  assert.deepEqual(await storedSessions(), [out.Credentials.AccessKeyId]);
  const stored = await store.credentials.findSession(out.Credentials.AccessKeyId);
  assert.ok(stored !== undefined, "the session is in the store");
  assert.equal(stored.accountId, "111122223333", "the session belongs to the role's account");
  assert.equal(stored.roleId, ROLE.roleId);
  assert.equal(stored.sessionName, "build");
  assert.equal(stored.accessKeyId, out.Credentials.AccessKeyId);
  assert.equal(stored.expiresAt.getTime(), out.Credentials.Expiration.getTime());
  assert.ok(out.Credentials.SessionToken.use((tok) => sessionTokenMatches(tok.toString("utf8"), stored.tokenHash)));
  assert.ok(!stored.wrappedSecret.includes(out.Credentials.SecretAccessKey.use((s) => Buffer.from(s))));
});

test("a role that does not exist, or whose path differs, is denied without asking the gate", async (t) => {
  const { assumeRole, asked, storedSessions } = await setup(t);
  for (const RoleArn of ["arn:aws:iam::111122223333:role/other", "arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::999999999999:role/ci/deployer"]) {
    await assert.rejects(assumeRole({ RoleArn, RoleSessionName: "s1" }, ctx(USER)), {
      name: "AccessDeniedException",
      message: `User: arn:aws:iam::444455556666:user/ci-bot is not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`,
    });
  }
  assert.equal(asked.length, 0);
  assert.deepEqual(await storedSessions(), []);
});

test("durations: the role's maximum, one hour when a session assumes a role, nothing stored when refused", async (t) => {
  const { assumeRole, store, storedSessions } = await setup(t);
  await assert.rejects(assumeRole({ RoleArn: ARN, RoleSessionName: "s1", DurationSeconds: 7201 }, ctx(USER)), { code: "ValidationError", message: /MaxSessionDuration/ });
  await assert.rejects(assumeRole({ RoleArn: ARN, RoleSessionName: "s1", DurationSeconds: 3601 }, ctx(SESSION)), { code: "ValidationError", message: /1 hour session limit for roles assumed by role chaining/ });
  assert.deepEqual(await storedSessions(), []);
  const out = await assumeRole({ RoleArn: ARN, RoleSessionName: "s1" }, ctx(SESSION));
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 3600_000, "the default is one hour");
  assert.equal((await store.credentials.findSession(out.Credentials.AccessKeyId))?.expiresAt.getTime(), NOW.getTime() + 3600_000);
});

test("malformed role ARNs and ARNs of another partition are ValidationError; the gate's refusal stands", async (t) => {
  const { assumeRole, storedSessions } = await setup(t, { allow: false });
  for (const RoleArn of ["arn:aws:iam::111122223333:user/deployer", "arn:aws-cn:iam::111122223333:role/ci/deployer", "not an arn at all"]) {
    await assert.rejects(assumeRole({ RoleArn, RoleSessionName: "s1" }, ctx(USER)), { code: "ValidationError" });
  }
  await assert.rejects(assumeRole({ RoleArn: ARN, RoleSessionName: "s1" }, ctx(USER)), /denied by the gate/);
  assert.deepEqual(await storedSessions(), []);
});

test("the account root is refused as AWS refuses it, before the gate is asked and before anything is stored", async (t) => {
  const { assumeRole, asked, storedSessions } = await setup(t);
  for (const RoleArn of [ARN, "arn:aws:iam::444455556666:role/own-account"]) {
    await assert.rejects(assumeRole({ RoleArn, RoleSessionName: "s1" }, ctx(ROOT)), { name: "AccessDeniedException", message: "Roles may not be assumed by root accounts." });
  }
  assert.equal(asked.length, 0);
  assert.deepEqual(await storedSessions(), []);
});
