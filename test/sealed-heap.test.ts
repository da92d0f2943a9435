/**
 * After `strongbox seal`, nothing secret is left in the server's JavaScript heap: a heap snapshot
 * of the sealed server (taken by the process itself, on SIGUSR2) holds none of the plaintexts,
 * data keys, secret values or SecureString values the test sent through it, in any form.
 * (Key material and other secret bytes live in Buffers outside the JS heap, wiped on seal; this
 * checks that no copy of them, or of what they protected, was left as a string or an array.)
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { ADMIN, REGION } from "./helpers/server.js";

const waitFor = async (what: string, check: () => boolean, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe("a sealed server's heap", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-heap-"));
  const dataDir = join(dir, "data");
  const diagnostics = join(dir, "diagnostics");
  let server: ChildServer;

  before(async () => {
    mkdirSync(diagnostics);
    server = await startChildServer(["--dev", "--data-dir", dataDir], { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${diagnostics}` });
  });
  after(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM");
      await server.exited();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("holds none of the plaintexts, data keys and secret values that went through it", async () => {
    const canaries: Buffer[] = [];
    const canary = (label: string) => {
      const text = `${label}-CANARY-${Math.random().toString(36).slice(2)}-${Date.now()}`;
      canaries.push(Buffer.from(text));
      return text;
    };
    const config = { endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 };
    const kms = new KMSClient(config);
    const sm = new SecretsManagerClient(config);
    const ssm = new SSMClient(config);
    try {
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      for (let i = 0; i < 5; i++) {
        const plaintext = Buffer.from(canary("kms"));
        const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
        assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!), plaintext);
        const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" }));
        canaries.push(Buffer.from(dataKey.Plaintext!));
        await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }));
        const value = canary("secret");
        await sm.send(new CreateSecretCommand({ Name: `heap/secret-${i}`, SecretString: value }));
        assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: `heap/secret-${i}` }))).SecretString, value);
        const parameter = canary("parameter");
        await ssm.send(new PutParameterCommand({ Name: `/heap/p${i}`, Value: parameter, Type: "SecureString" }));
        assert.equal((await ssm.send(new GetParameterCommand({ Name: `/heap/p${i}`, WithDecryption: true }))).Parameter!.Value, parameter);
      }
    } finally {
      kms.destroy();
      sm.destroy();
      ssm.destroy();
    }
    const sealed = await runCli(["seal", "--endpoint", server.url, "--data-dir", dataDir], { env: { AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey } });
    assert.equal(sealed.code, 0, sealed.stderr);

    server.child.kill("SIGUSR2");
    let file = "";
    await waitFor("the heap snapshot", () => {
      const found = readdirSync(diagnostics, { withFileTypes: true }).find((entry) => entry.name.endsWith(".heapsnapshot"));
      if (found === undefined) return false;
      const path = join(diagnostics, found.name);
      // Written when the size stops growing and the JSON is closed.
      const size = statSync(path).size;
      if (size === 0 || !readFileSync(path).subarray(-4).toString("latin1").includes("]}")) return false;
      file = path;
      return true;
    });
    const snapshot = readFileSync(file);
    assert.ok(snapshot.length > 1_000_000, "a real snapshot");
    // A positive control: a string the server keeps (its data dir's random path) is found by the same scan.
    assert.ok(snapshot.includes(Buffer.from(dataDir)), "the scan finds what the server does hold");
    for (const secret of canaries) {
      for (const form of [secret, Buffer.from(secret.toString("base64")), Buffer.from(secret.toString("hex"))]) {
        assert.equal(snapshot.indexOf(form), -1, `a secret (${form.toString("latin1").slice(0, 12)}...) is still in the sealed server's heap`);
      }
    }
  });
});
