/**
 * A full disk and a read-only data dir, for real: the data dir is a small tmpfs mounted for the
 * test (root only: CI runs as root; elsewhere the tests are skipped, and say why).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { ADMIN, REGION } from "./helpers/server.js";

// Until a checkpoint folds the log into the database, every recorded read grows the WAL by a few
// pages: 8 MiB is room for the test's reads with a wide margin.
const RESERVE = { STRONGBOX_DISK_RESERVE_BYTES: String(8 * 1024 * 1024), STRONGBOX_DISK_RESERVE_CHECK_MS: "100" };
const config = (url: string) => ({ endpoint: url, region: REGION, credentials: ADMIN, maxAttempts: 1 });

function tryMount(dir: string, sizeMiB: number): string | undefined {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m,mode=0700`, "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `mounting a tmpfs needs root (CI runs as root): ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Fills the file system with one file until it is full; returns its path. */
function fill(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, "ENOSPC");
  } finally {
    closeSync(fd);
  }
  return path;
}

async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, message: (error as Error).message };
  }
  return { name: "none", status: 200, message: "" };
}

describe("a full disk and a read-only data dir", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-disk-"));
  const mounts: string[] = [];
  let cannotMount: string | undefined;
  const mount = (name: string, sizeMiB: number): string => {
    const path = join(dir, name);
    mkdirSync(path);
    cannotMount ??= tryMount(path, sizeMiB);
    if (cannotMount === undefined) mounts.push(path);
    return path;
  };
  before(() => {
    mount("probe", 1);
  });
  after(() => {
    for (const path of mounts) execFileSync("umount", ["-l", path]);
    rmSync(dir, { recursive: true, force: true });
  });

  test("when the disk fills, changes are refused with the service's internal error saying so, reads go on and are recorded, and changes resume when space returns", async (t) => {
    if (cannotMount !== undefined) return t.skip(cannotMount);
    const disk = mount("full", 48);
    const server = await startChildServer(["--dev", "--data-dir", join(disk, "data")], RESERVE);
    const kms = new KMSClient(config(server.url));
    const secrets = new SecretsManagerClient(config(server.url));
    const ssm = new SSMClient(config(server.url));
    const trail = new CloudTrailClient(config(server.url));
    const iam = new IAMClient(config(server.url));
    try {
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("written before the disk filled") }))).CiphertextBlob!;
      await secrets.send(new CreateSecretCommand({ Name: "before/full", SecretString: "secret before the disk filled" }));
      await ssm.send(new PutParameterCommand({ Name: "/before/full", Value: "parameter before the disk filled", Type: "SecureString" }));

      const filler = fill(disk);
      // Writes go on into space SQLite already holds until it needs more; then one fails.
      let refused: Awaited<ReturnType<typeof failure>> | undefined;
      for (let i = 0; i < 5_000 && refused === undefined; i++) {
        const outcome = await failure(kms.send(new CreateKeyCommand({ Description: "x".repeat(4_000) })));
        if (outcome.name !== "none") refused = outcome;
      }
      assert.ok(refused !== undefined, "the disk filled");
      assert.equal(refused.name, "KMSInternalException");
      assert.equal(refused.status, 500);
      assert.match(refused.message, /disk is full\. Changes are refused until the operator frees space; reads go on\./);

      // Every service refuses changes in its own words for an internal fault.
      assert.deepEqual(
        [
          await failure(kms.send(new CreateKeyCommand({}))),
          await failure(secrets.send(new CreateSecretCommand({ Name: "during/full", SecretString: "x" }))),
          await failure(ssm.send(new PutParameterCommand({ Name: "/during/full", Value: "x", Type: "String" }))),
          await failure(iam.send(new CreateUserCommand({ UserName: "during-full" }))),
        ].map(({ name, status, message }) => ({ name, status, full: /disk is full/.test(message) })),
        [
          { name: "KMSInternalException", status: 500, full: true },
          { name: "InternalServiceError", status: 500, full: true },
          { name: "InternalServerError", status: 500, full: true },
          { name: "ServiceFailureException", status: 500, full: true },
        ],
      );

      // Reads go on, on the reserve, each one recorded before it is answered.
      const reads = 100;
      for (let i = 0; i < reads; i++) {
        assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "written before the disk filled");
      }
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Enabled, true);
      assert.ok((await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("during") }))).CiphertextBlob!.length > 0);
      assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: "before/full" }))).SecretString, "secret before the disk filled");
      assert.equal((await ssm.send(new GetParameterCommand({ Name: "/before/full", WithDecryption: true }))).Parameter!.Value, "parameter before the disk filled");
      assert.equal((await fetch(`${server.url}/health`)).status, 200, "/health still answers 200: the server serves reads");

      const decrypts = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Decrypt" }], MaxResults: 50 }));
      assert.equal(decrypts.Events!.length, 50, "the reads during the full disk are in the trail");
      assert.ok(decrypts.NextToken, "more than one page of them");

      rmSync(filler);
      let resumed = false;
      for (let i = 0; i < 100 && !resumed; i++) {
        resumed = (await failure(kms.send(new CreateKeyCommand({ Description: "after" })))).name === "none";
        if (!resumed) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(resumed, "changes are served again once space returns");
      assert.match(server.output(), /"msg":"the store is out of disk space: changes are refused, reads go on/);
      assert.match(server.output(), /"msg":"the store has room again: changes are served"/);
      assert.doesNotMatch(server.output(), /"level":60/, "nothing fatal");
    } finally {
      for (const client of [kms, secrets, ssm, trail, iam]) client.destroy();
      await server.stop();
    }
    const verify = await runCli(["audit", "verify", "--data-dir", join(disk, "data")]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  test("a data dir on a read-only file system is named at start, and serves once writable again", async (t) => {
    if (cannotMount !== undefined) return t.skip(cannotMount);
    const disk = mount("read-only", 16);
    const dataDir = join(disk, "data");
    const first = await startChildServer(["--dev", "--data-dir", dataDir], RESERVE);
    const kms = new KMSClient(config(first.url));
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("kept") }))).CiphertextBlob!;
    kms.destroy();
    await first.stop();

    execFileSync("mount", ["-o", "remount,ro", disk]);
    const refused = await runCli(["server", "--dev", "--data-dir", dataDir, "--port", "0"], { env: { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey } });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, new RegExp(`cannot write ${dataDir}: it is on a read-only file system`));
    assert.doesNotMatch(refused.stderr, /\n\s+at /, "no stack trace");

    execFileSync("mount", ["-o", "remount,rw", disk]);
    const again = await startChildServer(["--dev", "--data-dir", dataDir], RESERVE);
    const client = new KMSClient(config(again.url));
    try {
      assert.equal(Buffer.from((await client.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "kept");
    } finally {
      client.destroy();
      await again.stop();
    }
  });
});
