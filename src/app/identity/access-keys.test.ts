import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openSqliteStore } from "../../adapters/sqlite/store.js";
import { accessKeySecretIdentity, Barrier } from "../../core/barrier.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { AccessKeyRecord, CredentialRepository, SessionRecord } from "../../ports/credential-repository.js";
import type { IamRole, IamUser } from "../../ports/iam-repository.js";
import type { Store } from "../../ports/store.js";
import { AccessKeyDirectory } from "./access-keys.js";

const barrier = new Barrier(new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 9))]]), (n) => Buffer.alloc(n, 3));
const sealed = (id: string) => barrier.seal(SecretBytes.fromUtf8(`secret of ${id}`), accessKeySecretIdentity(id));
const USER: IamUser = { accountId: "111122223333", userId: "AIDAEXAMPLE0000000001", userName: "bob", path: "/eng/", createdAt: new Date(0), tags: [{ Key: "team", Value: "blue" }] };
const ROLE: IamRole = { accountId: "111122223333", roleId: "AROAEXAMPLE0000000001", roleName: "ops", path: "/x/", createdAt: new Date(0), assumeRolePolicyDocument: "{}", trustPolicyPins: {}, maxSessionDuration: 3600, tags: [{ Key: "env", Value: "prod" }] };

/** A fresh real SQLite store in a temp dir, with the test account in it; closed and removed afterwards. */
async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sbx-access-keys-"));
  const store = openSqliteStore(join(dir, "strongbox.db"), { partition: "aws" });
  try {
    await store.accounts.ensure(USER.accountId, new Date(0));
    await fn(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function directory(store: Store, credentials: Pick<CredentialRepository, "find" | "findSession"> = store.credentials) {
  return new AccessKeyDirectory({ credentials, iam: store.iam, barrier: () => barrier, partition: "aws" }, { maxEntries: 10, maxAgeMs: 60_000, now: () => 0 });
}

const userKey: AccessKeyRecord = { accessKeyId: "AKIAUSER000000000001", accountId: USER.accountId, principalArn: "arn:aws:iam::111122223333:user/eng/bob", wrappedSecret: sealed("AKIAUSER000000000001"), status: "Active", createdAt: new Date(0), userId: USER.userId };
const session: SessionRecord = { accessKeyId: "ASIASESSION000000001", accountId: ROLE.accountId, roleId: ROLE.roleId, sessionName: "s1", wrappedSecret: sealed("ASIASESSION000000001"), tokenHash: Buffer.alloc(32, 1), createdAt: new Date(0), expiresAt: new Date(1000) };

test("a user's key resolves to a User caller with the user's current name, path and tags", async () => {
  await withStore(async (store) => {
    assert.equal(await store.iam.createUser(USER), true);
    assert.equal(await store.credentials.create(userKey), true);
    const dir = directory(store);
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
});

test("keys of a user that is gone, and inactive keys, resolve to nothing", async () => {
  await withStore(async (store) => {
    // The user existed and was deleted; a key that still names its id (access_keys.user_id has no foreign key) must not resolve.
    assert.equal(await store.iam.createUser(USER), true);
    assert.equal(await store.iam.deleteUser(USER.accountId, USER.userName), "deleted");
    assert.equal(await store.credentials.create(userKey), true);
    assert.equal(await store.iam.userById(USER.userId), undefined);
    assert.equal(await directory(store).withAccessKey(userKey.accessKeyId, (e) => e), undefined);
  });
  await withStore(async (store) => {
    assert.equal(await store.iam.createUser(USER), true);
    assert.equal(await store.credentials.create({ ...userKey, status: "Inactive" }), true);
    assert.equal(await directory(store).withAccessKey(userKey.accessKeyId, (e) => e), undefined);
  });
});

test("a session resolves to an AssumedRole caller with its token hash and expiry; no role, no session", async () => {
  await withStore(async (store) => {
    assert.equal(await store.iam.createRole(ROLE), true);
    assert.equal(await store.credentials.createSession(session), true);
    const entry = await directory(store).withAccessKey(session.accessKeyId, (e) => e);
    assert.deepEqual(entry?.caller, {
      accountId: "111122223333",
      principalArn: "arn:aws:sts::111122223333:assumed-role/ops/s1",
      accessKeyId: session.accessKeyId,
      principalType: "AssumedRole",
      userId: "AROAEXAMPLE0000000001:s1",
      roleArn: "arn:aws:iam::111122223333:role/x/ops",
      sessionIssuedAt: session.createdAt,
      principalTags: { env: "prod" },
    });
    assert.deepEqual(entry?.session, { tokenHash: session.tokenHash, expiresAt: session.expiresAt });
    // The role goes, and its sessions with it: a fresh directory (no cached entry) resolves nothing.
    assert.deepEqual(await store.iam.deleteRole(ROLE.accountId, ROLE.roleName), { outcome: "deleted", sessionKeyIds: [session.accessKeyId] });
    assert.equal(await directory(store).withAccessKey(session.accessKeyId, (e) => e), undefined);
  });
});

test("a load that overlaps a forget() serves its request but is not cached, so a revocation is never undone", async () => {
  await withStore(async (store) => {
    assert.equal(await store.iam.createUser(USER), true);
    assert.equal(await store.credentials.create(userKey), true);
    let dir: AccessKeyDirectory;
    let revokeDuringLoad = true;
    // The real repository, with a hook before find(): not a fake of the storage.
    const real = store.credentials;
    const credentials: Pick<CredentialRepository, "find" | "findSession"> = {
      findSession: real.findSession.bind(real),
      find: async (id) => {
        if (revokeDuringLoad) {
          revokeDuringLoad = false;
          dir.forget(userKey.accessKeyId);
        }
        return real.find(id);
      },
    };
    dir = directory(store, credentials);
    let lent: SecretBytes | undefined;
    assert.equal(await dir.withAccessKey(userKey.accessKeyId, (e) => ((lent = e?.secret), e?.caller.userName)), "bob");
    assert.equal(lent?.disposed, true, "the uncached entry is wiped after use");
    assert.equal(await store.credentials.setStatus(userKey.principalArn, userKey.accessKeyId, "Inactive"), true);
    assert.equal(await dir.withAccessKey(userKey.accessKeyId, (e) => e), undefined, "the next request reads the store again");
  });
});
