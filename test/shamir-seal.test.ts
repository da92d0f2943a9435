import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { rejectsWith } from "./helpers/errors.js";
import { signedFetch } from "./helpers/signed-fetch.js";
import { ADMIN, REGION } from "./helpers/server.js";

const ADMIN_ENV = { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };

interface UnsealAnswer {
  sealed: boolean;
  progress: number;
  threshold: number;
  type?: string;
  __type?: string;
  message?: string;
}

async function offer(server: ChildServer, body: object): Promise<{ status: number; answer: UnsealAnswer }> {
  const response = await fetch(`${server.url}/sys/unseal`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, answer: (await response.json()) as UnsealAnswer };
}

async function init(dataDir: string, shares: number, threshold: number): Promise<string[]> {
  const run = await runCli(["init", "--data-dir", dataDir, "--key-shares", String(shares), "--key-threshold", String(threshold), "--format", "json"]);
  assert.equal(run.code, 0, run.stderr);
  const printed = JSON.parse(run.stdout) as { unsealShares: string[]; threshold: number };
  assert.equal(printed.threshold, threshold);
  assert.equal(printed.unsealShares.length, shares);
  return printed.unsealShares;
}

describe("Shamir seal: init, sealed start, unseal by shares, seal, rotate-root, rekey", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-shamir-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, "data");

  test("the whole life of a Shamir-sealed data dir, with restarts in between", async () => {
    const shares = await init(dataDir, 5, 3);
    assert.equal(new Set(shares).size, 5);
    for (const share of shares) assert.equal(Buffer.from(share, "base64").length, 33);
    const foreign = await init(join(dir, "other"), 3, 2);

    // Text output: the shares, once, with the instructions.
    const text = await runCli(["init", "--data-dir", join(dir, "text")]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal((text.stdout.match(/^Unseal share \d: [A-Za-z0-9+/=]{44}$/gm) ?? []).length, 5, text.stdout);
    assert.match(text.stdout, /Any 3 of these 5 shares unseal/);

    let server = await startChildServer(["--data-dir", dataDir]);
    let blob: Uint8Array;
    let keyId: string;
    try {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 503);
      assert.equal(((await health.json()) as { sealed: boolean }).sealed, true);
      const call = await fetch(`${server.url}/`, { method: "POST", headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
      assert.equal(call.status, 503);
      assert.match(((await call.json()) as { message: string }).message, /sealed/);
      assert.deepEqual(await (await fetch(`${server.url}/sys/seal-status`)).json(), { sealed: true, type: "shamir", progress: 0, threshold: 3 });

      // One operator, through the CLI, reading the share from stdin.
      const first = await runCli(["unseal", "--endpoint", server.url], { input: `${shares[0]}\n` });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /1 of 3/);

      // Wrong, foreign, malformed and repeated shares are refused and change nothing.
      const wrong = await offer(server, { share: randomBytes(33).toString("base64") });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.answer.__type, "InvalidUnsealKeyException");
      assert.equal(wrong.answer.progress, 1);
      assert.equal((await offer(server, { share: foreign[0]! })).answer.progress, 1);
      const malformed = await offer(server, { share: "not a share" });
      assert.match(malformed.answer.message!, /base64 text of 33 bytes/);
      const repeated = await offer(server, { share: shares[0]! });
      assert.equal(repeated.status, 400);
      assert.match(repeated.answer.message!, /already provided/);
      assert.equal((await offer(server, { passphrase: "x" })).answer.__type, "InvalidUnsealKeyException");
      assert.equal((await offer(server, {})).answer.__type, "ValidationException");
      const cliWrong = await runCli(["unseal", "--endpoint", server.url], { input: `${foreign[1]}\n` });
      assert.equal(cliWrong.code, 1);
      assert.match(cliWrong.stderr, /InvalidUnsealKeyException: The share is not one of this Strongbox's unseal shares/);

      // Reset forgets the progress; then three different operators unseal.
      assert.equal((await runCli(["unseal", "--endpoint", server.url, "--reset"])).code, 0);
      assert.equal((await offer(server, { share: shares[1]! })).answer.progress, 1);
      const shareFile = join(dir, "share-3");
      writeFileSync(shareFile, `${shares[2]}\n`, { mode: 0o600 });
      assert.equal((await runCli(["unseal", "--endpoint", server.url, "--share-file", shareFile])).code, 0);
      const last = await offer(server, { share: shares[4]! });
      assert.deepEqual(last, { status: 200, answer: { sealed: false, type: "shamir", progress: 0, threshold: 3 } });
      assert.equal((await fetch(`${server.url}/health`)).status, 200);

      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("behind five shares") }))).CiphertextBlob!;

      // Sealing needs a signature; then everything is refused until three shares come again.
      const unsigned = await fetch(`${server.url}/sys/seal`, { method: "POST", body: "{}" });
      assert.equal(((await unsigned.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");
      assert.equal((await fetch(`${server.url}/health`)).status, 200, "an unsigned request does not seal");
      const sealed = await runCli(["seal", "--endpoint", server.url], { env: ADMIN_ENV });
      assert.equal(sealed.code, 0, sealed.stderr);
      assert.equal((await fetch(`${server.url}/health`)).status, 503);
      await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), "ServiceUnavailableException", /sealed/);
      for (const share of [shares[2]!, shares[3]!, shares[4]!]) await offer(server, { share });
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "behind five shares");

      // Root key rotation, online: calls keep working, and the same shares unseal after it.
      const rotated = await runCli(["rotate-root", "--endpoint", server.url], { env: ADMIN_ENV });
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /root key rotated; 1 barrier key\(s\) re-wrapped/);
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "behind five shares");

      // Every attempt is in the audit trail, without the share.
      const cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      const attempts = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "UnsealAttempt" }], MaxResults: 50 }))).Events!;
      const details = attempts.map((e) => (JSON.parse(e.CloudTrailEvent!) as { serviceEventDetails: { kind: string; outcome?: string } }).serviceEventDetails);
      assert.equal(details.filter((d) => d.outcome === "unsealed").length, 2);
      assert.ok(details.some((d) => d.outcome === "rejected: wrong-share"));
      assert.ok(details.some((d) => d.outcome === "rejected: duplicate-share"));
      assert.ok(details.some((d) => d.kind === "reset"));
      for (const share of [...shares, ...foreign]) assert.ok(!attempts.some((e) => e.CloudTrailEvent!.includes(share)), "no share in the trail");
      const sealCall = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "RotateRootKey" }] }))).Events!;
      assert.equal(sealCall.length, 1);
      cloudtrail.destroy();
      kms.destroy();
    } finally {
      assert.equal(await server.stop(), 0);
    }
    for (const share of shares) assert.ok(!server.output().includes(share), "no share in the log");

    // After a restart the rotated root key opens with the same shares.
    server = await startChildServer(["--data-dir", dataDir]);
    try {
      for (const share of [shares[0]!, shares[3]!, shares[1]!]) await offer(server, { share });
      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob! }))).Plaintext!).toString(), "behind five shares");
      kms.destroy();
    } finally {
      assert.equal(await server.stop(), 0);
    }

    // Rekey: new shares for the same root key; the old ones stop working.
    const wrongRekey = await runCli(["rekey", "--data-dir", dataDir, "--format", "json"], { input: `${shares[0]}\n${foreign[0]}\n${shares[1]}\n` });
    assert.equal(wrongRekey.code, 2);
    assert.match(wrongRekey.stderr, /share 2 is not one of this data dir's unseal shares/);
    const twice = await runCli(["rekey", "--data-dir", dataDir], { input: `${shares[0]}\n${shares[0]}\n${shares[1]}\n` });
    assert.match(twice.stderr, /share 2 repeats an earlier one/);
    const rekey = await runCli(["rekey", "--data-dir", dataDir, "--key-shares", "3", "--key-threshold", "2", "--format", "json"], { input: `${shares[4]}\n${shares[2]}\n${shares[0]}\n` });
    assert.equal(rekey.code, 0, rekey.stderr);
    const fresh = (JSON.parse(rekey.stdout) as { unsealShares: string[] }).unsealShares;
    assert.equal(fresh.length, 3);
    // Offline commands open the data dir with the new shares too.
    const sharesFile = join(dir, "fresh-shares");
    writeFileSync(sharesFile, `${fresh[1]}\n\n${fresh[2]}\n`, { mode: 0o600 });
    const account = await runCli(["account", "create", "--account-id", "444455556666", "--data-dir", dataDir, "--share-file", sharesFile]);
    assert.equal(account.code, 0, account.stderr);
    assert.match((JSON.parse(account.stdout) as { AccessKeyId: string }).AccessKeyId, /^AKIA/);
    const oldShares = await runCli(["account", "create", "--account-id", "555566667777", "--data-dir", dataDir], { input: `${shares[0]}\n${shares[1]}\n` });
    assert.equal(oldShares.code, 2);
    assert.match(oldShares.stderr, /share 1 is not one of this data dir's unseal shares/);

    server = await startChildServer(["--data-dir", dataDir]);
    try {
      assert.equal((await offer(server, { share: shares[0]! })).answer.__type, "InvalidUnsealKeyException", "old shares are void");
      assert.deepEqual((await offer(server, { share: fresh[2]! })).answer, { sealed: true, type: "shamir", progress: 1, threshold: 2 });
      assert.equal((await offer(server, { share: fresh[0]! })).answer.sealed, false);
      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob! }))).Plaintext!).toString(), "behind five shares");
      kms.destroy();
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  test("init refuses impossible share counts and an initialised data dir", async () => {
    const bad = await runCli(["init", "--data-dir", join(dir, "bad"), "--key-shares", "3", "--key-threshold", "4"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /threshold must be from 2 to the number of shares \(3\)/);
    const again = await runCli(["init", "--data-dir", dataDir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already initialised/);
  });
});

describe("who may seal and rotate the root key", () => {
  test("an IAM user needs strongbox:Seal; another account's root may not seal at all", async () => {
    const { startTestServer } = await import("./helpers/server.js");
    const { allowAll, createAccount, createUserWithKey } = await import("./helpers/iam.js");
    const server = await startTestServer();
    try {
      const plain = await createUserWithKey(server, "plain-operator");
      const notAllowed = await signedFetch(server.url, "/sys/seal", plain.credentials);
      assert.equal(((await notAllowed.json()) as { __type: string }).__type, "AccessDeniedException");
      const rotator = await createUserWithKey(server, "rotator", { rotate: allowAll("strongbox:RotateRootKey") });
      assert.equal((await signedFetch(server.url, "/sys/seal", rotator.credentials)).status, 400, "RotateRootKey does not allow Seal");
      const rotated = await signedFetch(server.url, "/sys/rotate-root", rotator.credentials);
      assert.equal(rotated.status, 400, "a --dev data dir has no root key worth rotating");
      assert.equal(((await rotated.json()) as { __type: string }).__type, "UnsupportedOperationException");
      const other = await createAccount(server, "444455556666");
      const denied = await signedFetch(server.url, "/sys/seal", other);
      assert.equal(denied.status, 400);
      assert.match(((await denied.json()) as { message: string }).message, /only principals of the operator account 111122223333/);
      assert.equal(server.strongbox.sealed, false);
      const sealer = await createUserWithKey(server, "sealer", { seal: allowAll("strongbox:Seal") });
      const allowed = await signedFetch(server.url, "/sys/seal", sealer.credentials);
      assert.equal(allowed.status, 200);
      assert.deepEqual(await allowed.json(), { sealed: true });
      assert.equal(server.strongbox.sealed, true);
    } finally {
      await server.close();
    }
  });
});
