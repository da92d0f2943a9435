import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { decrypt, generateKey, readMessage, readPrivateKey } from "openpgp";
import { runCli, startChildServer } from "./helpers/child-server.js";

const HAS_GPG = spawnSync("gpg", ["--version"]).status === 0;

async function holderKey(name: string): Promise<{ publicKey: string; privateKey: string }> {
  const { publicKey, privateKey } = await generateKey({ type: "ecc", curve: "curve25519Legacy", userIDs: [{ name, email: `${name.toLowerCase()}@example.com` }], format: "armored" });
  return { publicKey, privateKey };
}

async function decryptWithOpenpgp(encrypted: string, privateKey: string): Promise<string> {
  const message = await readMessage({ binaryMessage: Buffer.from(encrypted, "base64") });
  const { data } = await decrypt({ message, decryptionKeys: await readPrivateKey({ armoredKey: privateKey }), format: "binary" });
  return Buffer.from(data as Uint8Array).toString("utf8");
}

describe("unseal shares encrypted to each holder's OpenPGP key", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-pgp-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("init --pgp-keys prints each share encrypted to its holder; decrypted (by openpgp.js and by gpg) they unseal", async () => {
    const holders = await Promise.all(["Alice", "Bob", "Carol"].map(holderKey));
    const files = holders.map((holder, i) => {
      const file = join(dir, `holder-${i}.asc`);
      writeFileSync(file, holder.publicKey);
      return file;
    });
    const dataDir = join(dir, "data");
    const init = await runCli(["init", "--data-dir", dataDir, "--key-shares", "3", "--key-threshold", "2", "--pgp-keys", files.join(","), "--format", "json"]);
    assert.equal(init.code, 0, init.stderr);
    const printed = JSON.parse(init.stdout) as { unsealShares: string[]; threshold: number; pgpFingerprints: string[] };
    assert.equal(printed.unsealShares.length, 3);
    assert.equal(printed.pgpFingerprints.length, 3);
    for (const share of printed.unsealShares) assert.ok(Buffer.from(share, "base64").length > 100, "an OpenPGP message, not a bare share");

    const alice = await decryptWithOpenpgp(printed.unsealShares[0]!, holders[0]!.privateKey);
    assert.match(alice, /^[A-Za-z0-9+/]{44}$/);
    await assert.rejects(decryptWithOpenpgp(printed.unsealShares[0]!, holders[1]!.privateKey), "Bob cannot read Alice's share");
    let carol = await decryptWithOpenpgp(printed.unsealShares[2]!, holders[2]!.privateKey);
    if (HAS_GPG) {
      const home = join(dir, "gnupg");
      mkdirSync(home, { mode: 0o700 });
      execFileSync("gpg", ["--homedir", home, "--batch", "--import"], { input: holders[2]!.privateKey, stdio: ["pipe", "pipe", "pipe"] });
      carol = execFileSync("gpg", ["--homedir", home, "--batch", "--quiet", "--decrypt"], { input: Buffer.from(printed.unsealShares[2]!, "base64"), stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
    }

    const server = await startChildServer(["--data-dir", dataDir]);
    try {
      assert.match((await runCli(["unseal", "--endpoint", server.url], { input: `${alice}\n` })).stdout, /1 of 2/);
      const done = await runCli(["unseal", "--endpoint", server.url], { input: `${carol}\n` });
      assert.equal(done.stdout.trim(), "unsealed", done.stderr);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited();
    }
  });

  test("one key per share, public keys only", async () => {
    const holder = await holderKey("Dave");
    const publicFile = join(dir, "dave.asc");
    const privateFile = join(dir, "dave-private.asc");
    writeFileSync(publicFile, holder.publicKey);
    writeFileSync(privateFile, holder.privateKey);
    const tooFew = await runCli(["init", "--data-dir", join(dir, "few"), "--key-shares", "3", "--key-threshold", "2", "--pgp-keys", `${publicFile},${publicFile}`]);
    assert.notEqual(tooFew.code, 0);
    assert.match(tooFew.stderr, /names 2 key file\(s\); one per share is needed \(3\)/);
    const secretKey = await runCli(["init", "--data-dir", join(dir, "private"), "--key-shares", "2", "--key-threshold", "2", "--pgp-keys", `${publicFile},${privateFile}`]);
    assert.match(secretKey.stderr, /holds a private key/);
    const notAKey = await runCli(["init", "--data-dir", join(dir, "nokey"), "--key-shares", "2", "--key-threshold", "2", "--pgp-keys", `${publicFile},${join(dir, "holder-0.asc")}x`]);
    assert.notEqual(notAKey.code, 0);
  });
});
