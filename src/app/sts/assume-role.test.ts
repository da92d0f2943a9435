import assert from "node:assert/strict";
import { test } from "node:test";
import { Barrier } from "../../core/barrier.js";
import type { Caller } from "../../core/identity/caller.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { SessionRecord } from "../../ports/credential-repository.js";
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
  maxSessionDuration: 7200,
  tags: [],
};
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
function setup(options: { allow?: boolean } = {}) {
  const asked: ResourceAccess[] = [];
  const sessions: SessionRecord[] = [];
  const barrier = new Barrier(new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 1))]]), (n) => Buffer.alloc(n, ++counter % 256));
  const assumeRole = makeAssumeRole({
    iam: { getRole: async (accountId, name) => (accountId === ROLE.accountId && name.toLowerCase() === ROLE.roleName ? ROLE : undefined) },
    credentials: {
      createSession: async (record) => {
        sessions.push(record);
        return true;
      },
      purgeSessions: async () => 0,
    },
    barrier: () => barrier,
    randomBytes: (n) => Buffer.alloc(n, ++counter % 256),
    authorize: async (_ctx, access) => {
      asked.push(access);
      if (options.allow === false) throw new Error("denied by the gate");
    },
  });
  return { assumeRole, asked, sessions };
}

const ARN = "arn:aws:iam::111122223333:role/ci/deployer";

test("the gate gets the facts: the role ARN and account, its trust policy, the session name and external id", async () => {
  const { assumeRole, asked, sessions } = setup();
  const out = await assumeRole({ RoleArn: ARN, RoleSessionName: "build", ExternalId: "ext-1", DurationSeconds: 7200 }, ctx(USER));
  assert.deepEqual(asked, [
    { action: "sts:AssumeRole", resource: ARN, resourceAccountId: "111122223333", resourcePolicy: '{"trust":"policy"}', conditions: { "sts:RoleSessionName": "build", "sts:ExternalId": "ext-1" } },
  ]);
  assert.equal(out.AssumedRoleUser.Arn, "arn:aws:sts::111122223333:assumed-role/deployer/build");
  assert.equal(out.AssumedRoleUser.AssumedRoleId, "AROAEXAMPLE0000000001:build");
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 7200_000);
  const [stored] = sessions;
  assert.equal(stored!.accountId, "111122223333", "the session belongs to the role's account");
  assert.equal(stored!.accessKeyId, out.Credentials.AccessKeyId);
  assert.ok(out.Credentials.SessionToken.use((t) => sessionTokenMatches(t.toString("utf8"), stored!.tokenHash)));
  assert.ok(!stored!.wrappedSecret.includes(out.Credentials.SecretAccessKey.use((s) => Buffer.from(s))));
});

test("a role that does not exist, or whose path differs, is denied without asking the gate", async () => {
  const { assumeRole, asked } = setup();
  for (const RoleArn of ["arn:aws:iam::111122223333:role/other", "arn:aws:iam::111122223333:role/deployer", "arn:aws:iam::999999999999:role/ci/deployer"]) {
    await assert.rejects(assumeRole({ RoleArn, RoleSessionName: "s1" }, ctx(USER)), {
      name: "AccessDeniedException",
      message: `User: arn:aws:iam::444455556666:user/ci-bot is not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`,
    });
  }
  assert.equal(asked.length, 0);
});

test("durations: the role's maximum, one hour when a session assumes a role, nothing stored when refused", async () => {
  const { assumeRole, sessions } = setup();
  await assert.rejects(assumeRole({ RoleArn: ARN, RoleSessionName: "s1", DurationSeconds: 7201 }, ctx(USER)), { code: "ValidationError", message: /MaxSessionDuration/ });
  await assert.rejects(assumeRole({ RoleArn: ARN, RoleSessionName: "s1", DurationSeconds: 3601 }, ctx(SESSION)), { code: "ValidationError", message: /1 hour session limit for roles assumed by role chaining/ });
  assert.equal(sessions.length, 0);
  const out = await assumeRole({ RoleArn: ARN, RoleSessionName: "s1" }, ctx(SESSION));
  assert.equal(out.Credentials.Expiration.getTime(), NOW.getTime() + 3600_000, "the default is one hour");
});

test("malformed role ARNs and ARNs of another partition are ValidationError; the gate's refusal stands", async () => {
  const { assumeRole, sessions } = setup({ allow: false });
  for (const RoleArn of ["arn:aws:iam::111122223333:user/deployer", "arn:aws-cn:iam::111122223333:role/ci/deployer", "not an arn at all"]) {
    await assert.rejects(assumeRole({ RoleArn, RoleSessionName: "s1" }, ctx(USER)), { code: "ValidationError" });
  }
  await assert.rejects(assumeRole({ RoleArn: ARN, RoleSessionName: "s1" }, ctx(USER)), /denied by the gate/);
  assert.equal(sessions.length, 0);
});

test("the account root is refused as AWS refuses it, before the gate is asked and before anything is stored", async () => {
  const { assumeRole, asked, sessions } = setup();
  for (const RoleArn of [ARN, "arn:aws:iam::444455556666:role/own-account"]) {
    await assert.rejects(assumeRole({ RoleArn, RoleSessionName: "s1" }, ctx(ROOT)), { name: "AccessDeniedException", message: "Roles may not be assumed by root accounts." });
  }
  assert.equal(asked.length, 0);
  assert.equal(sessions.length, 0);
});
