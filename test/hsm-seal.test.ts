import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, test } from "node:test";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { createSoftHsm, hsmSealedWithWrongPin, type SoftHsm } from "./helpers/softhsm.js";
import { inspectTokenKey } from "./helpers/pkcs11-probe.js";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { ADMIN, REGION } from "./helpers/server.js";

const ADMIN_ENV = { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };

async function health(url: string): Promise<{ status: number; body: { status: string; sealed: boolean; rootOfTrust?: string } }> {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as { status: string; sealed: boolean; rootOfTrust?: string } };
}

function rootKeyLabels(hsm: SoftHsm): string[] {
  const seen = inspectTokenKey(hsm, hsm.tokenLabel, hsm.pin, "strongbox-root-");
  return (seen.labels ?? []).filter((label) => label.startsWith("strongbox-root-"));
}

describe("HSM seal (PKCS#11 on SoftHSM2): init, auto-unseal, rotate-root, a token that refuses", () => {
  let hsm: SoftHsm;
  let dir: string;
  before(() => {
    hsm = createSoftHsm();
    dir = mkdtempSync(join(tmpdir(), "sbx-hsm-seal-"));
  });
  after(() => {
    hsm.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the server unseals itself through the token; the root key cannot be read out of it; rotate-root replaces the key object", async () => {
    const dataDir = join(dir, "data");
    const init = await runCli(["init", "--data-dir", dataDir, "--hsm", "pkcs11", "--hsm-lib", hsm.library, "--hsm-token-label", hsm.tokenLabel, "--hsm-pin-file", hsm.pinFile]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /non-extractable key in token/);
    assert.doesNotMatch(init.stdout + init.stderr, new RegExp(hsm.pin));
    const [label] = rootKeyLabels(hsm);
    assert.ok(label, "the root key object is in the token");

    // The key object is sensitive and non-extractable: logged in with the PIN, neither reading nor wrapping gets it out.
    const inspected = inspectTokenKey(hsm, hsm.tokenLabel, hsm.pin, label);
    assert.deepEqual({ found: inspected.found, sensitive: inspected.sensitive, extractable: inspected.extractable, token: inspected.token }, { found: true, sensitive: true, extractable: false, token: true });
    assert.equal(inspected.valueRead, "CKR_ATTRIBUTE_SENSITIVE");
    assert.match(inspected.wrap ?? "", /^(CKR_KEY_UNEXTRACTABLE|CKR_KEY_NOT_WRAPPABLE)$/);
    // Nothing in the data dir is the key: no shares, no key file.
    assert.ok(!readFileSync(join(dataDir, "strongbox.db")).includes(Buffer.from(hsm.pin)), "the PIN is not stored");

    let server = await startChildServer(["--data-dir", dataDir]);
    let blob: Uint8Array;
    try {
      assert.deepEqual((await health(server.url)).body.rootOfTrust, "pkcs11");
      assert.equal((await health(server.url)).status, 200);
      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      const { KeyId } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      blob = (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("rooted in the token") }))).CiphertextBlob!;

      // Online rotation: a new key object, the old one destroyed, service uninterrupted.
      const rotated = await runCli(["rotate-root", "--endpoint", server.url], { env: ADMIN_ENV });
      assert.equal(rotated.code, 0, rotated.stderr);
      const labels = rootKeyLabels(hsm);
      assert.equal(labels.length, 1, `one root key object after rotation: ${labels.join(", ")}`);
      assert.notEqual(labels[0], label);
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "rooted in the token");

      // Sealed on purpose, it stays sealed until an operator asks it to open through the HSM again.
      assert.equal((await runCli(["seal", "--endpoint", server.url], { env: ADMIN_ENV })).code, 0);
      assert.equal((await health(server.url)).status, 503);
      const reopened = await runCli(["unseal", "--endpoint", server.url]);
      assert.equal(reopened.code, 0, reopened.stderr);
      assert.match(reopened.stdout, /unsealed through the HSM/);
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "rooted in the token");
      kms.destroy();
    } finally {
      assert.equal(await server.stop(), 0);
    }

    // A restart opens the rotated root key by itself.
    server = await startChildServer(["--data-dir", dataDir]);
    try {
      assert.equal((await health(server.url)).status, 200);
      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob! }))).Plaintext!).toString(), "rooted in the token");
      kms.destroy();
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.doesNotMatch(server.output(), new RegExp(hsm.pin), "the PIN is never logged");
  });

  test("a token that refuses the PIN leaves the server sealed and degraded; fixing the PIN file recovers it without a restart", async () => {
    const { startStrongbox } = await import("../src/main.js");
    const dataDir = join(dir, "refusing");
    const pinFile = join(dir, "operator.pin");
    await hsmSealedWithWrongPin(hsm, dataDir, pinFile);
    let logs = "";
    const strongbox = await startStrongbox({
      dataDir, host: "127.0.0.1", port: 0, region: REGION, accountId: "111122223333", dev: false, logLevel: "info",
      logDestination: new PassThrough().on("data", (d: Buffer) => (logs += d.toString())), announce: () => {},
      env: { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey },
      hsmPinFile: pinFile, hsmRetryMs: 100,
    });
    try {
      assert.equal(strongbox.sealed, true);
      const refused = await health(strongbox.url);
      assert.equal(refused.status, 503);
      assert.equal(refused.body.status, "sealed");
      assert.equal(refused.body.rootOfTrust, "unavailable: INVALID_CREDENTIALS", "the unauthenticated answer names the code, not the token");
      assert.match(logs, /"hsm":"[^"]*PIN/i, "the log has the detail");
      assert.doesNotMatch(logs, /not-the-pin/);

      writeFileSync(pinFile, `${hsm.pin}\n`);
      for (let i = 0; i < 100 && strongbox.sealed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(strongbox.sealed, false, "unsealed by the retry once the PIN was right");
      assert.equal((await health(strongbox.url)).body.status, "ok");

      // The token goes away while unsealed: keys already unwrapped keep serving, /health says
      // degraded and why, and rotating the root key is refused with a clear error.
      const kms = new KMSClient({ endpoint: strongbox.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      const { KeyId } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const tokens = join(hsm.conf, "..", "tokens");
      const away = join(dir, "token-away");
      renameSync(tokens, away);
      try {
        const degraded = await health(strongbox.url);
        assert.equal(degraded.status, 200);
        assert.equal(degraded.body.status, "degraded");
        assert.match(degraded.body.rootOfTrust ?? "", /^unavailable: [A-Z_]+$/);
        const blob = (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("still served") }))).CiphertextBlob!;
        assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "still served");
        await assert.rejects(strongbox.rotateRoot(), (error: Error) => error.name === "ServiceUnavailableException" && /could not be rotated: .*Nothing was changed/.test(error.message));
      } finally {
        renameSync(away, tokens);
        kms.destroy();
      }
    } finally {
      await strongbox.close();
    }
  });
});
