import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { runCli, startChildServer } from "./helpers/child-server.js";
import { REGION } from "./helpers/server.js";

const NO_ADMIN_ENV = { STRONGBOX_ADMIN_ACCESS_KEY_ID: "", STRONGBOX_ADMIN_SECRET_ACCESS_KEY: "" };

describe("passphrase-protected data dir: init, sealed start, unseal", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-seal-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("init, start sealed, refuse wrong passphrases, unseal, generated admin credentials, restart", async () => {
    const dataDir = join(dir, "data");
    const passphraseFile = join(dir, "passphrase");
    writeFileSync(passphraseFile, "correct horse battery staple\n", { mode: 0o600 });

    const init = await runCli(["init", "--data-dir", dataDir, "--passphrase-file", passphraseFile]);
    assert.equal(init.code, 0, init.stderr);
    const again = await runCli(["init", "--data-dir", dataDir, "--passphrase-file", passphraseFile]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already initialised/);

    const server = await startChildServer(["--data-dir", dataDir], NO_ADMIN_ENV);
    try {
      const health = await fetch(`${server.url}/health`);
      assert.equal(health.status, 503);
      assert.deepEqual({ ...((await health.json()) as object), version: "v" }, { status: "sealed", sealed: true, version: "v" });

      const sealedCall = await fetch(`${server.url}/`, { method: "POST", headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
      assert.equal(sealedCall.status, 503);
      assert.equal(((await sealedCall.json()) as { __type: string }).__type, "ServiceUnavailableException");

      const wrong = await runCli(["unseal", "--endpoint", server.url], { input: "wrong passphrase\n" });
      assert.equal(wrong.code, 1);
      assert.match(wrong.stderr, /does not unseal/);
      assert.equal((await fetch(`${server.url}/health`)).status, 503);

      const right = await runCli(["unseal", "--endpoint", server.url], { input: "correct horse battery staple\n" });
      assert.equal(right.code, 0, right.stderr);
      assert.equal(right.stdout.trim(), "unsealed");
      assert.equal((await fetch(`${server.url}/health`)).status, 200);

      const file = join(dataDir, "admin-credentials.json");
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const credentials = JSON.parse(readFileSync(file, "utf8")) as { accessKeyId: string; secretAccessKey: string };
      assert.match(credentials.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(credentials.secretAccessKey.length, 40);
      assert.ok(server.output().includes(credentials.secretAccessKey), "printed once to the operator");
      assert.equal(server.output().split(credentials.secretAccessKey).length - 1, 1, "printed exactly once");
      assert.ok(!server.output().split("\n").some((line) => line.startsWith("{") && line.includes(credentials.secretAccessKey)), "never in a log line");

      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
      const { KeyId } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const blob = (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("sealed at rest") }))).CiphertextBlob!;
      kms.destroy();
      server.child.kill("SIGTERM");
      assert.equal(await server.exited(), 0);

      const restarted = await startChildServer(["--data-dir", dataDir], NO_ADMIN_ENV);
      try {
        assert.equal((await fetch(`${restarted.url}/health`)).status, 503);
        const viaFile = await runCli(["unseal", "--endpoint", restarted.url, "--passphrase-file", passphraseFile]);
        assert.equal(viaFile.code, 0, viaFile.stderr);
        const kms2 = new KMSClient({ endpoint: restarted.url, region: REGION, credentials, maxAttempts: 1 });
        assert.equal(Buffer.from((await kms2.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "sealed at rest");
        kms2.destroy();
        assert.ok(!restarted.output().includes(credentials.secretAccessKey), "credentials are generated once, not again");
      } finally {
        restarted.child.kill("SIGTERM");
        await restarted.exited();
      }
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  test("without --dev an uninitialised data dir is refused; a --dev data dir needs --dev", async () => {
    const fresh = join(dir, "fresh");
    const refused = await runCli(["server", "--port", "0", "--data-dir", fresh]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not initialised: run `strongbox init/);

    const devDir = join(dir, "dev");
    const dev = await startChildServer(["--dev", "--data-dir", devDir]);
    dev.child.kill("SIGTERM");
    await dev.exited();
    const devKey = join(devDir, "dev-root-key.json");
    assert.equal(statSync(devKey).mode & 0o777, 0o600);
    assert.match(readFileSync(devKey, "utf8"), /INSECURE/);
    const withoutDev = await runCli(["server", "--port", "0", "--data-dir", devDir]);
    assert.equal(withoutDev.code, 2);
    assert.match(withoutDev.stderr, /initialised by --dev/);
  });
});

describe("unseal attempts", () => {
  test("run one at a time: concurrent attempts unseal once, and a wrong one never unseals", async () => {
    const { initDataDir, startStrongbox } = await import("../src/main.js");
    const { SecretBytes } = await import("../src/core/secret-bytes.js");
    const { PassThrough } = await import("node:stream");
    const dir = mkdtempSync(join(tmpdir(), "sbx-unseal-"));
    const dataDir = join(dir, "data");
    // A cheap scrypt cost keeps the test fast; the default is 2^17.
    await initDataDir({ dataDir, seal: { type: "passphrase", passphrase: SecretBytes.fromUtf8("right"), scrypt: { N: 1024, r: 8, p: 1 } } });
    let logs = "";
    const destination = new PassThrough().on("data", (d: Buffer) => (logs += d.toString()));
    const strongbox = await startStrongbox({
      dataDir, host: "127.0.0.1", port: 0, region: REGION, accountId: "111122223333", dev: false, logLevel: "info",
      logDestination: destination, announce: () => {}, env: { STRONGBOX_ADMIN_ACCESS_KEY_ID: "AKIAUNSEALTEST000001", STRONGBOX_ADMIN_SECRET_ACCESS_KEY: "s" },
    });
    try {
      assert.equal(strongbox.sealed, true);
      const results = await Promise.all(["wrong", "right", "right", "right"].map((p) => strongbox.unseal(SecretBytes.fromUtf8(p))));
      assert.deepEqual(results, [false, true, true, true]);
      assert.equal(strongbox.sealed, false);
      assert.equal(logs.split("\n").filter((line) => line.includes('"msg":"unsealed"')).length, 1);
      assert.equal(logs.split("\n").filter((line) => line.includes("\"reason\":\"wrong-passphrase\"")).length, 1);
    } finally {
      await strongbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("passphrase prompt on a terminal", () => {
  test("init asks twice without echo, and refuses two different answers", async () => {
    const { spawn } = await import("node:child_process");
    const { CLI } = await import("./helpers/child-server.js");
    const dir = mkdtempSync(join(tmpdir(), "sbx-tty-"));
    // util-linux `script` gives the CLI a real pseudo-terminal (it is in every Debian install).
    const onTerminal = (dataDir: string, answers: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn("script", ["-qec", `${process.execPath} ${CLI} init --seal passphrase --data-dir ${dataDir}`, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] });
        let output = "";
        const pending = [...answers];
        // Answer each prompt only once it is shown: by then the terminal no longer echoes.
        const onOutput = (d: Buffer) => {
          output += d;
          const prompts = (output.match(/New passphrase: |Repeat it: /g) ?? []).length;
          while (answers.length - pending.length < prompts && pending.length > 0) child.stdin.write(`${pending.shift()}\r`);
          if (pending.length === 0) setTimeout(() => child.stdin.end(), 2000);
        };
        child.stdout.on("data", onOutput);
        child.stderr.on("data", onOutput);
        child.on("exit", (code) => resolve({ code, output }));
      });
    try {
      const ok = await onTerminal(join(dir, "ok"), ["tty-secret-1", "tty-secret-1"]);
      assert.equal(ok.code, 0, ok.output);
      assert.match(ok.output, /New passphrase: /);
      assert.doesNotMatch(ok.output, /tty-secret-1/, "the passphrase is not echoed");
      const server = await startChildServer(["--data-dir", join(dir, "ok")], NO_ADMIN_ENV);
      try {
        writeFileSync(join(dir, "pass"), "tty-secret-1\n");
        assert.equal((await runCli(["unseal", "--endpoint", server.url, "--passphrase-file", join(dir, "pass")])).code, 0);
      } finally {
        server.child.kill("SIGTERM");
        await server.exited();
      }
      const differ = await onTerminal(join(dir, "differ"), ["one", "two"]);
      assert.notEqual(differ.code, 0);
      assert.match(differ.output, /differ/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
