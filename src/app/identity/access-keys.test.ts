import assert from "node:assert/strict";
import { test } from "node:test";
import { accessKeySecretIdentity, Barrier } from "../../core/barrier.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { AccessKeyRecord, SessionRecord } from "../../ports/credential-repository.js";
import type { IamRole, IamUser } from "../../ports/iam-repository.js";
import { AccessKeyDirectory } from "./access-keys.js";

const barrier = new Barrier(new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 9))]]), (n) => Buffer.alloc(n, 3));
const sealed = (id: string) => barrier.seal(SecretBytes.fromUtf8(`secret of ${id}`), accessKeySecretIdentity(id));
const USER: IamUser = { accountId: "111122223333", userId: "AIDAEXAMPLE0000000001", userName: "bob", path: "/eng/", createdAt: new Date(0), tags: [{ Key: "team", Value: "blue" }] };
const ROLE: IamRole = { accountId: "111122223333", roleId: "AROAEXAMPLE0000000001", roleName: "ops", path: "/x/", createdAt: new Date(0), assumeRolePolicyDocument: "{}", maxSessionDuration: 3600, tags: [{ Key: "env", Value: "prod" }] };

function directory(records: { keys?: AccessKeyRecord[]; sessions?: SessionRecord[]; users?: IamUser[]; roles?: IamRole[] }, hooks: { beforeFind?: () => void } = {}) {
  return new AccessKeyDirectory(
    {
      credentials: {
        find: async (id) => {
          hooks.beforeFind?.();
          return records.keys?.find((k) => k.accessKeyId === id);
        },
        findSession: async (id) => records.sessions?.find((s) => s.accessKeyId === id),
      },
      iam: { userById: async (id) => records.users?.find((u) => u.userId === id), roleById: async (id) => records.roles?.find((r) => r.roleId === id) },
      barrier: () => barrier,
      partition: "aws",
    },
    { maxEntries: 10, maxAgeMs: 60_000, now: () => 0 },
  );
}

const userKey: AccessKeyRecord = { accessKeyId: "AKIAUSER000000000001", accountId: USER.accountId, principalArn: "arn:aws:iam::111122223333:user/eng/bob", wrappedSecret: sealed("AKIAUSER000000000001"), status: "Active", createdAt: new Date(0), userId: USER.userId };

test("a user's key resolves to a User caller with the user's current name, path and tags", async () => {
  const dir = directory({ keys: [userKey], users: [USER] });
  const caller = await dir.withAccessKey(userKey.accessKeyId, (e) => e?.caller);
  assert.deepEqual(caller, {
    accountId: "111122223333",
    principalArn: "arn:aws:iam::111122223333:user/eng/bob",
    accessKeyId: userKey.accessKeyId,
    principalType: "User",
    userId: USER.userId,
    userName: "bob",
    principalTags: { team: "blue" },
  });
  assert.equal(await dir.withAccessKey(userKey.accessKeyId, (e) => e?.secret.use((s) => s.toString())), "secret of AKIAUSER000000000001");
});

test("keys of a user that is gone, and inactive keys, resolve to nothing", async () => {
  assert.equal(await directory({ keys: [userKey] }).withAccessKey(userKey.accessKeyId, (e) => e), undefined);
  assert.equal(await directory({ keys: [{ ...userKey, status: "Inactive" }], users: [USER] }).withAccessKey(userKey.accessKeyId, (e) => e), undefined);
});

test("a session resolves to an AssumedRole caller with its token hash and expiry; no role, no session", async () => {
  const session: SessionRecord = { accessKeyId: "ASIASESSION000000001", accountId: ROLE.accountId, roleId: ROLE.roleId, sessionName: "s1", wrappedSecret: sealed("ASIASESSION000000001"), tokenHash: Buffer.alloc(32, 1), createdAt: new Date(0), expiresAt: new Date(1000) };
  const entry = await directory({ sessions: [session], roles: [ROLE] }).withAccessKey(session.accessKeyId, (e) => e);
  assert.deepEqual(entry?.caller, {
    accountId: "111122223333",
    principalArn: "arn:aws:sts::111122223333:assumed-role/ops/s1",
    accessKeyId: session.accessKeyId,
    principalType: "AssumedRole",
    userId: "AROAEXAMPLE0000000001:s1",
    roleArn: "arn:aws:iam::111122223333:role/x/ops",
    principalTags: { env: "prod" },
  });
  assert.deepEqual(entry?.session, { tokenHash: session.tokenHash, expiresAt: session.expiresAt });
  assert.equal(await directory({ sessions: [session] }).withAccessKey(session.accessKeyId, (e) => e), undefined);
});

test("a load that overlaps a forget() serves its request but is not cached, so a revocation is never undone", async () => {
  const records = { keys: [userKey], users: [USER] };
  let dir: AccessKeyDirectory;
  let revokeDuringLoad = true;
  dir = directory(records, {
    beforeFind: () => {
      if (!revokeDuringLoad) return;
      revokeDuringLoad = false;
      dir.forget(userKey.accessKeyId);
    },
  });
  let lent: SecretBytes | undefined;
  assert.equal(await dir.withAccessKey(userKey.accessKeyId, (e) => ((lent = e?.secret), e?.caller.userName)), "bob");
  assert.equal(lent?.disposed, true, "the uncached entry is wiped after use");
  records.keys = [{ ...userKey, status: "Inactive" }];
  assert.equal(await dir.withAccessKey(userKey.accessKeyId, (e) => e), undefined, "the next request reads the store again");
});
