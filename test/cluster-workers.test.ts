/**
 * `strongbox server --workers 2`: two processes behind one port and one SQLite data dir. Each
 * behaviour is checked across many connections (node:cluster hands connections to workers
 * round-robin), and every answer names its worker (x-strongbox-worker), so each test also checks
 * that both workers answered. No timings but the invalidation bound, generously (2 s).
 */
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import {
  ConnectCustomKeyStoreCommand,
  CreateAliasCommand,
  CreateCustomKeyStoreCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeCustomKeyStoresCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  KMSClient,
  ListAliasesCommand,
  RevokeGrantCommand,
} from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { allowAll } from "./helpers/iam.js";
import { ADMIN, REGION } from "./helpers/server.js";
import { createSoftHsm } from "./helpers/softhsm.js";
import { trustAnchorPem } from "./helpers/custom-key-store.js";

type Credentials = { accessKeyId: string; secretAccessKey: string };

/** A KMS client that notes which worker answered each call (also for calls that fail). */
function kmsClient(url: string, seen: Set<string>, credentials: Credentials = ADMIN): KMSClient {
  return notingWorkers(new KMSClient({ endpoint: url, region: REGION, credentials, maxAttempts: 1 }), seen);
}

/** Notes, in `seen`, which worker answered each call of `client` (from its x-strongbox-worker header). */
function notingWorkers<C extends KMSClient | SecretsManagerClient>(client: C, seen: Set<string>): C {
  (client.middlewareStack as KMSClient["middlewareStack"]).add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        const worker = (result.response as { headers?: Record<string, string> }).headers?.["x-strongbox-worker"];
        if (worker !== undefined) seen.add(worker);
        return result;
      } catch (error) {
        const worker = (error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.["x-strongbox-worker"];
        if (worker !== undefined) seen.add(worker);
        throw error;
      }
    },
    { step: "deserialize", name: "noteWorker" },
  );
  return client;
}

/** `count` clients, so calls spread over as many connections (and so over the workers). */
function clients(url: string, count: number, seen: Set<string>, credentials?: Credentials): KMSClient[] {
  return Array.from({ length: count }, () => kmsClient(url, seen, credentials));
}

/** GET on a fresh connection (no keep-alive), so each lands on the next worker in turn. */
function freshGet(url: string): Promise<{ status: number; worker: string | undefined; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode!, worker: res.headers["x-strongbox-worker"] as string | undefined, body: JSON.parse(text) as Record<string, unknown> }));
    }).on("error", reject);
  });
}

async function healthOfWorkers(url: string, times = 12): Promise<{ workers: Set<string>; answers: Awaited<ReturnType<typeof freshGet>>[] }> {
  const answers = [];
  for (let i = 0; i < times; i++) answers.push(await freshGet(`${url}/health`));
  return { workers: new Set(answers.map((a) => a.worker!)), answers };
}

/** Closes the clients, stops the server with SIGTERM (it must exit 0), then removes what the test made. */
async function stopCleanly(opened: readonly KMSClient[], server: ChildServer | undefined, removeFiles: () => void): Promise<void> {
  for (const client of opened) client.destroy();
  try {
    if (server !== undefined) {
      server.child.kill("SIGTERM");
      assert.equal(await server.exited(), 0);
    }
  } finally {
    removeFiles();
  }
}

async function settle(calls: Promise<unknown>[]): Promise<{ ok: number; errors: string[] }> {
  const results = await Promise.allSettled(calls);
  return { ok: results.filter((r) => r.status === "fulfilled").length, errors: results.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).name] : [])) };
}

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe("multi-worker mode (--workers 2)", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-workers-"));
  const dataDir = join(dir, "data");
  let server: ChildServer;
  const opened: KMSClient[] = [];
  const track = (list: KMSClient[]) => (opened.push(...list), list);

  before(async () => {
    server = await startChildServer(["--dev", "--workers", "2", "--data-dir", dataDir]);
  });
  after(async () => {
    for (const client of opened) client.destroy();
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM");
      await server.exited();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("says once where it listens, and /health answers from both workers with its usual fields", async () => {
    assert.equal(server.output().match(/"msg":"Strongbox listening"/g)?.length, 1);
    assert.match(server.output(), /"workers":\[\{"slot":1,"pid":\d+\},\{"slot":2,"pid":\d+\}\]/);
    const { workers, answers } = await healthOfWorkers(server.url);
    assert.deepEqual([...workers].sort(), ["1", "2"]);
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.equal(answer.body.status, "ok");
      assert.equal(answer.body.sealed, false);
    }
  });

  test("a key created through one worker encrypts and decrypts on every worker", async () => {
    const encryptedBy = new Set<string>();
    const decryptedBy = new Set<string>();
    const admin = track([kmsClient(server.url, new Set())])[0]!;
    const keyId = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const encrypting = track(clients(server.url, 8, encryptedBy));
    const decrypting = track(clients(server.url, 8, decryptedBy));
    const context = { purpose: "cluster-test" };
    const blobs = await Promise.all(
      Array.from({ length: 48 }, async (_, i) => {
        const plaintext = Buffer.from(`secret ${i}`);
        const { CiphertextBlob } = await encrypting[i % 8]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: context }));
        return { plaintext, blob: CiphertextBlob! };
      }),
    );
    await Promise.all(
      blobs.map(async ({ plaintext, blob }, i) => {
        const { Plaintext } = await decrypting[(i + 3) % 8]!.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
        assert.deepEqual(Buffer.from(Plaintext!), plaintext);
      }),
    );
    assert.deepEqual([...encryptedBy].sort(), ["1", "2"]);
    assert.deepEqual([...decryptedBy].sort(), ["1", "2"]);
  });

  test("after DisableKey every following Encrypt, on every worker, is refused", async () => {
    const seen = new Set<string>();
    const many = track(clients(server.url, 8, seen));
    const keyId = (await many[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    // Both workers use the key first (so whatever they cache of it is warm).
    const warm = await settle(Array.from({ length: 32 }, (_, i) => many[i % 8]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))));
    assert.deepEqual(warm, { ok: 32, errors: [] });
    assert.deepEqual([...seen].sort(), ["1", "2"]);
    await many[0]!.send(new DisableKeyCommand({ KeyId: keyId }));
    seen.clear();
    const after = await settle(Array.from({ length: 48 }, (_, i) => many[i % 8]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))));
    assert.deepEqual(after, { ok: 0, errors: Array(48).fill("DisabledException") });
    assert.deepEqual([...seen].sort(), ["1", "2"]);
  });

  /**
   * An IAM user allowed kms:* (by its policy, or kms:Encrypt by a grant) encrypts on both workers (so each caches what it needs), then
   * `revoke` runs through one worker; within 2 s every worker refuses the user with `refusal`,
   * and keeps refusing. Fresh connections each round, so both workers are asked.
   */
  async function revokedOnEveryWorker(
    userName: string,
    allowedBy: "policy" | "grant",
    revoke: (admin: { iam: IAMClient; kms: KMSClient }, granted: { user: Credentials; keyId: string; grantId?: string }) => Promise<unknown>,
    refusal: string,
  ): Promise<void> {
    const iam = new IAMClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const { User } = await iam.send(new CreateUserCommand({ UserName: userName }));
      if (allowedBy === "policy") await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: "kms", PolicyDocument: allowAll("kms:*") }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
      const user = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      const admin = track([kmsClient(server.url, new Set())])[0]!;
      const keyId = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const grantId = allowedBy === "grant" ? (await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: User!.Arn!, Operations: ["Encrypt"] }))).GrantId : undefined;
      const seen = new Set<string>();
      const asUser = track(clients(server.url, 8, seen, user));
      const encryptAll = (list: readonly KMSClient[], count: number) => settle(Array.from({ length: count }, (_, i) => list[i % list.length]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))));
      assert.deepEqual(await encryptAll(asUser, 32), { ok: 32, errors: [] });
      assert.deepEqual([...seen].sort(), ["1", "2"]);

      await revoke({ iam, kms: admin }, { user, keyId, ...(grantId !== undefined ? { grantId } : {}) });
      const revokedAt = Date.now();
      let refusedEverywhere = false;
      while (!refusedEverywhere) {
        const roundSeen = new Set<string>();
        const round = clients(server.url, 8, roundSeen, user);
        const outcome = await encryptAll(round, 8);
        for (const client of round) client.destroy();
        refusedEverywhere = outcome.ok === 0 && roundSeen.size === 2;
        if (outcome.ok === 0) assert.deepEqual(new Set(outcome.errors), new Set([refusal]));
        assert.ok(Date.now() - revokedAt < 2_000, `${userName} could still encrypt on some worker ${Date.now() - revokedAt} ms after the revocation`);
      }
      seen.clear();
      assert.deepEqual(await encryptAll(asUser, 32), { ok: 0, errors: Array(32).fill(refusal) });
      assert.deepEqual([...seen].sort(), ["1", "2"]);
    } finally {
      iam.destroy();
    }
  }

  test("a deleted access key stops working on every worker within 2 s", async () => {
    await revokedOnEveryWorker("worker-tester", "policy", ({ iam }, { user }) => iam.send(new DeleteAccessKeyCommand({ UserName: "worker-tester", AccessKeyId: user.accessKeyId })), "UnrecognizedClientException");
  });

  test("a Deny added to a user's inline policies through one worker refuses the user on every worker within 2 s", async () => {
    const deny = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "kms:Encrypt", Resource: "*" }] });
    await revokedOnEveryWorker("policy-tester", "policy", ({ iam }) => iam.send(new PutUserPolicyCommand({ UserName: "policy-tester", PolicyName: "deny", PolicyDocument: deny })), "AccessDeniedException");
  });

  test("a grant revoked through one worker stops allowing on every worker within 2 s", async () => {
    await revokedOnEveryWorker("grant-tester", "grant", ({ kms }, { keyId, grantId }) => kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grantId! })), "AccessDeniedException");
  });

  test("the first secrets written through both workers at once share one aws/secretsmanager key; every worker reads every secret, and its new value within 2 s", async () => {
    const wrote = new Set<string>();
    const read = new Set<string>();
    const writers = Array.from({ length: 8 }, () => notingWorkers(new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 }), wrote));
    const readers = Array.from({ length: 8 }, () => notingWorkers(new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 }), read));
    try {
      await Promise.all(Array.from({ length: 16 }, (_, i) => writers[i % 8]!.send(new CreateSecretCommand({ Name: `cluster/secret-${i}`, SecretString: `value ${i}` }))));
      await Promise.all(
        Array.from({ length: 16 }, async (_, i) => {
          assert.equal((await readers[(i + 3) % 8]!.send(new GetSecretValueCommand({ SecretId: `cluster/secret-${i}` }))).SecretString, `value ${i}`);
        }),
      );
      assert.deepEqual([...wrote].sort(), ["1", "2"]);
      assert.deepEqual([...read].sort(), ["1", "2"]);
      const admin = track([kmsClient(server.url, new Set())])[0]!;
      const { Aliases } = await admin.send(new ListAliasesCommand({}));
      assert.equal(Aliases!.filter((a) => a.AliasName === "alias/aws/secretsmanager").length, 1);
      // Read again through every client, so each worker has every secret cached (the first read of
      // the day records the access and forgets the entry). Then a new value written through one
      // worker is what every worker answers within 2 s (the write's message forgets it there).
      for (const reader of readers) await Promise.all(Array.from({ length: 16 }, (_, i) => reader.send(new GetSecretValueCommand({ SecretId: `cluster/secret-${i}` }))));
      await Promise.all(Array.from({ length: 16 }, (_, i) => writers[(i + 5) % 8]!.send(new PutSecretValueCommand({ SecretId: `cluster/secret-${i}`, SecretString: `new ${i}` }))));
      const deadline = Date.now() + 2000;
      let stale = 16;
      while (stale > 0 && Date.now() < deadline) {
        const answers = await Promise.all(Array.from({ length: 16 }, async (_, i) => (await readers[(i + 1) % 8]!.send(new GetSecretValueCommand({ SecretId: `cluster/secret-${i}` }))).SecretString));
        stale = answers.filter((answer, i) => answer !== `new ${i}`).length;
      }
      assert.equal(stale, 0, "every worker answers the new values");
    } finally {
      for (const client of [...writers, ...readers]) client.destroy();
    }
  });

  test("CreateAlias of one name sent to both workers at once has exactly one winner", async () => {
    const seen = new Set<string>();
    const many = track(clients(server.url, 8, seen));
    const keyId = (await many[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    for (let round = 0; round < 5; round++) {
      const outcome = await settle(many.map((client) => client.send(new CreateAliasCommand({ AliasName: `alias/race-${round}`, TargetKeyId: keyId }))));
      assert.equal(outcome.ok, 1, `round ${round}: ${outcome.errors.join(", ")}`);
      assert.deepEqual(outcome.errors, Array(7).fill("AlreadyExistsException"));
    }
    assert.deepEqual([...seen].sort(), ["1", "2"]);
  });

  test("the findings rules see the calls of both workers: ten denials split between them are one AccessDeniedBurst", async () => {
    const iam = new IAMClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      await iam.send(new CreateUserCommand({ UserName: "worker-nobody" }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: "worker-nobody" }));
      const nobody = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      const seen = new Set<string>();
      const denied = track(clients(server.url, 10, seen, nobody));
      const outcome = await settle(denied.map((client) => client.send(new CreateKeyCommand({}))));
      assert.deepEqual(outcome, { ok: 0, errors: Array(10).fill("AccessDeniedException") });
      assert.deepEqual([...seen].sort(), ["1", "2"]);
      const env = { AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
      await waitFor("the AccessDeniedBurst finding", async () => {
        const listed = await runCli(["findings", "list", "--endpoint", server.url, "--rule", "AccessDeniedBurst", "--json"], { env });
        assert.equal(listed.code, 0, listed.stderr);
        const findings = (JSON.parse(listed.stdout) as { Findings: { subject: string; count: number }[] }).Findings;
        const ours = findings.filter((f) => f.subject.includes("worker-nobody"));
        if (ours.length === 0) return false;
        assert.equal(ours.length, 1, "one finding for the burst, not one per worker");
        assert.equal(ours[0]!.count, 10);
        return true;
      });
    } finally {
      iam.destroy();
    }
  });

  test("a worker that dies is forked again, and serves", async () => {
    const pid2 = Number(/"workers":\[\{"slot":1,"pid":\d+\},\{"slot":2,"pid":(\d+)\}\]/.exec(server.output())![1]);
    process.kill(pid2, "SIGKILL");
    await waitFor("the primary to restart worker 2", () => /"worker":2,"pid":\d+,[^\n]*"msg":"worker restarted"/.test(server.output()));
    assert.match(server.output(), /"worker":2,"pid":\d+,"code":null,"signal":"SIGKILL"[^\n]*"msg":"worker exited; restarting it"/);
    const { workers } = await healthOfWorkers(server.url);
    assert.deepEqual([...workers].sort(), ["1", "2"]);
  });

  test("strongbox seal through one worker seals every worker, and one restarted meanwhile starts sealed", async () => {
    const sealed = await runCli(["seal", "--endpoint", server.url, "--data-dir", dataDir], {
      env: { AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey },
    });
    assert.equal(sealed.code, 0, sealed.stderr);
    await waitFor("every worker to be sealed", async () => (await healthOfWorkers(server.url, 6)).answers.every((a) => a.status === 503));
    const { workers, answers } = await healthOfWorkers(server.url);
    assert.deepEqual([...workers].sort(), ["1", "2"]);
    for (const answer of answers) assert.deepEqual([answer.status, answer.body.sealed], [503, true]);

    const restarts = server.output().match(/"msg":"worker restarted"/g)?.length ?? 0;
    const pid1 = Number(/"workers":\[\{"slot":1,"pid":(\d+)\}/.exec(server.output())![1]);
    process.kill(pid1, "SIGKILL");
    await waitFor("the primary to restart worker 1", () => (server.output().match(/"msg":"worker restarted"/g)?.length ?? 0) > restarts);
    assert.match(server.output(), /"worker":1,"msg":"starting sealed: the operator sealed the other workers"/);
    const again = await healthOfWorkers(server.url);
    assert.deepEqual([...again.workers].sort(), ["1", "2"]);
    for (const answer of again.answers) assert.equal(answer.status, 503);
  });

  test("SIGTERM stops every worker and the primary exits 0; the audit trail written by both verifies", async () => {
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // The workers running now (the log also names workers that died in the tests above).
    const pids = [...new Set([...server.output().matchAll(/"worker":\d+,"pid":(\d+)/g)].map((m) => Number(m[1])))].filter(alive);
    assert.ok(pids.length >= 2, `two live workers before SIGTERM, found ${pids.length}`);
    server.child.kill("SIGTERM");
    assert.equal(await server.exited(), 0);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), { code: "ESRCH" }, `worker ${pid} is still running`);
    // Both workers appended to one hash chain under concurrent load (the tests above).
    const verify = await runCli(["audit", "verify", "--data-dir", dataDir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});

describe("multi-worker mode refuses what it cannot share", () => {
  test("a passphrase-sealed data dir is refused with --workers 2, naming the seals that can", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sbx-workers-seal-"));
    try {
      const passphraseFile = join(dir, "passphrase");
      writeFileSync(passphraseFile, "correct horse battery staple\n");
      const init = await runCli(["init", "--data-dir", join(dir, "data"), "--passphrase-file", passphraseFile]);
      assert.equal(init.code, 0, init.stderr);
      const start = await runCli(["server", "--port", "0", "--data-dir", join(dir, "data"), "--workers", "2"]);
      assert.equal(start.code, 2);
      assert.match(start.stderr, /--workers 2 needs a seal that opens itself in every worker: --dev, or an HSM seal/);
      assert.doesNotMatch(start.stdout, /Strongbox listening/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("--workers refuses a count outside 1 to 256, naming what it takes", async () => {
    const bad = await runCli(["server", "--workers", "0"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--workers.*must be a whole number from 1 to 256, or "auto"/);
  });
});

describe("multi-worker mode with an HSM seal (SoftHSM2)", () => {
  test("every worker opens the token itself; sealed through one worker, unsealed through one, every worker follows", async () => {
    const hsm = createSoftHsm();
    const dir = mkdtempSync(join(tmpdir(), "sbx-workers-hsm-"));
    const dataDir = join(dir, "data");
    const opened: KMSClient[] = [];
    let server: ChildServer | undefined;
    try {
      const init = await runCli(["init", "--data-dir", dataDir, "--hsm", "pkcs11", "--hsm-lib", hsm.library, "--hsm-token-label", hsm.tokenLabel, "--hsm-pin-file", hsm.pinFile]);
      assert.equal(init.code, 0, init.stderr);
      server = await startChildServer(["--data-dir", dataDir, "--workers", "2"]);
      const seen = new Set<string>();
      const many = clients(server.url, 8, seen);
      opened.push(...many);
      const keyId = (await many[0]!.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const encrypt = () => settle(Array.from({ length: 24 }, (_, i) => many[i % 8]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))));
      assert.deepEqual(await encrypt(), { ok: 24, errors: [] });
      assert.deepEqual([...seen].sort(), ["1", "2"]);

      const env = { AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
      assert.equal((await runCli(["seal", "--endpoint", server.url, "--data-dir", dataDir], { env })).code, 0);
      const url = server.url;
      await waitFor("every worker to be sealed", async () => (await healthOfWorkers(url, 6)).answers.every((a) => a.status === 503));

      const unseal = await runCli(["unseal", "--endpoint", server.url]);
      assert.equal(unseal.code, 0, unseal.stderr);
      assert.match(unseal.stdout, /unsealed through the HSM/);
      await waitFor("every worker to be unsealed", async () => (await healthOfWorkers(url, 6)).answers.every((a) => a.status === 200));
      const { workers } = await healthOfWorkers(server.url);
      assert.deepEqual([...workers].sort(), ["1", "2"]);
      seen.clear();
      assert.deepEqual(await encrypt(), { ok: 24, errors: [] });
      assert.deepEqual([...seen].sort(), ["1", "2"]);
    } finally {
      await stopCleanly(opened, server, () => {
        hsm.cleanup();
        rmSync(dir, { recursive: true, force: true });
      });
    }
  });
});

describe("multi-worker mode with a custom key store (SoftHSM2)", () => {
  test("ConnectCustomKeyStore and DisconnectCustomKeyStore through one worker are followed by every worker", async () => {
    const pin = "kmsuser-pin-workers";
    const cluster = "cluster-4d56e7fghij";
    const hsm = createSoftHsm({ tokenLabel: "cks-workers", pin });
    const dir = mkdtempSync(join(tmpdir(), "sbx-workers-cks-"));
    const clustersFile = join(dir, "clusters.json");
    writeFileSync(clustersFile, JSON.stringify({ [cluster]: { library: hsm.library, tokenLabel: "cks-workers" } }));
    const opened: KMSClient[] = [];
    let server: ChildServer | undefined;
    try {
      server = await startChildServer(["--dev", "--data-dir", join(dir, "data"), "--workers", "2"], { ...hsm.env, STRONGBOX_HSM_CLUSTERS: clustersFile });
      const seen = new Set<string>();
      const many = clients(server.url, 8, seen);
      opened.push(...many);
      const id = (await many[0]!.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "workers", CloudHsmClusterId: cluster, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: pin })))
        .CustomKeyStoreId!;
      const states = async () => {
        const answers = await Promise.all(many.map((client) => client.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))));
        return new Set(answers.map((a) => a.CustomKeyStores![0]!.ConnectionState));
      };
      await many[0]!.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      await waitFor("every worker to connect the store", async () => {
        const now = await states();
        return now.size === 1 && now.has("CONNECTED");
      });
      const keyId = (await many[1]!.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: id }))).KeyMetadata!.KeyId!;
      seen.clear();
      const encrypt = () => settle(Array.from({ length: 24 }, (_, i) => many[i % 8]!.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("in the token") }))));
      assert.deepEqual(await encrypt(), { ok: 24, errors: [] });
      assert.deepEqual([...seen].sort(), ["1", "2"]);

      await many[2]!.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      await waitFor("every worker to disconnect the store", async () => {
        const now = await states();
        return now.size === 1 && now.has("DISCONNECTED");
      });
      seen.clear();
      assert.deepEqual(await encrypt(), { ok: 0, errors: Array(24).fill("KMSInvalidStateException") });
      assert.deepEqual([...seen].sort(), ["1", "2"]);
    } finally {
      await stopCleanly(opened, server, () => {
        hsm.cleanup();
        rmSync(dir, { recursive: true, force: true });
      });
    }
  });
});
