import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  KMSClient,
  ListGrantsCommand,
  RotateKeyOnDemandCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
} from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand } from "@aws-sdk/client-ssm";
import { withClients } from "./helpers/clients.js";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { ADMIN, REGION } from "./helpers/server.js";

const clientConfig = (url: string, credentials: { accessKeyId: string; secretAccessKey: string } = ADMIN) => ({
  endpoint: url,
  region: REGION,
  credentials,
  maxAttempts: 1,
});

/** What a data dir held, and the checks that prove a restored copy holds it too. */
interface Fixture {
  blobs: { keyId: string; blob: Uint8Array; plaintext: string; context: Record<string, string> }[];
  signature: { keyId: string; message: Buffer; signature: Uint8Array };
  mac: { keyId: string; message: Buffer; mac: Uint8Array };
  grantKeyId: string;
  aliasKeyId: string;
  secret: { id: string; value: string };
  parameter: { name: string; value: string };
}

function populate(url: string, credentials?: { accessKeyId: string; secretAccessKey: string }): Promise<Fixture> {
  return withClients(url, async ({ kms, secrets, ssm }) => {
    const blobs: Fixture["blobs"] = [];
    const rotated = (await kms.send(new CreateKeyCommand({ Description: "rotated" }))).KeyMetadata!.KeyId!;
    blobs.push({ keyId: rotated, plaintext: "before rotation", context: {}, blob: (await kms.send(new EncryptCommand({ KeyId: rotated, Plaintext: Buffer.from("before rotation") }))).CiphertextBlob! });
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: rotated }));
    const context = { purpose: "backup-test" };
    blobs.push({ keyId: rotated, plaintext: "after rotation", context, blob: (await kms.send(new EncryptCommand({ KeyId: rotated, Plaintext: Buffer.from("after rotation"), EncryptionContext: context }))).CiphertextBlob! });
    const rsa = (await kms.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }))).KeyMetadata!.KeyId!;
    blobs.push({ keyId: rsa, plaintext: "rsa", context: {}, blob: (await kms.send(new EncryptCommand({ KeyId: rsa, Plaintext: Buffer.from("rsa"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }))).CiphertextBlob! });
    const ecc = (await kms.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" }))).KeyMetadata!.KeyId!;
    const message = Buffer.from("signed before the backup");
    const signature = (await kms.send(new SignCommand({ KeyId: ecc, Message: message, SigningAlgorithm: "ECDSA_SHA_256" }))).Signature!;
    const hmac = (await kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }))).KeyMetadata!.KeyId!;
    const mac = (await kms.send(new GenerateMacCommand({ KeyId: hmac, Message: message, MacAlgorithm: "HMAC_SHA_256" }))).Mac!;
    await kms.send(new CreateAliasCommand({ AliasName: "alias/backed-up", TargetKeyId: rotated }));
    await kms.send(new CreateGrantCommand({ KeyId: rotated, GranteePrincipal: "arn:aws:iam::111122223333:root", Operations: ["Decrypt"] }));
    const secret = { id: "backup/database", value: "s3cret value kept in a backup" };
    await secrets.send(new CreateSecretCommand({ Name: secret.id, SecretString: secret.value }));
    const parameter = { name: "/backup/token", value: "secure string kept in a backup" };
    await ssm.send(new PutParameterCommand({ Name: parameter.name, Value: parameter.value, Type: "SecureString" }));
    return { blobs, signature: { keyId: ecc, message, signature }, mac: { keyId: hmac, message, mac }, grantKeyId: rotated, aliasKeyId: rotated, secret, parameter };
  }, credentials);
}

function assertHolds(url: string, fixture: Fixture, credentials?: { accessKeyId: string; secretAccessKey: string }): Promise<void> {
  return withClients(url, async ({ kms, secrets, ssm }) => {
    for (const { blob, plaintext, context, keyId } of fixture.blobs) {
      const algorithm = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeySpec === "RSA_2048" ? "RSAES_OAEP_SHA_256" : undefined;
      const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context, KeyId: keyId, ...(algorithm ? { EncryptionAlgorithm: algorithm } : {}) }));
      assert.equal(Buffer.from(out.Plaintext!).toString(), plaintext);
    }
    const { keyId, message, signature } = fixture.signature;
    assert.equal((await kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: signature, SigningAlgorithm: "ECDSA_SHA_256" }))).SignatureValid, true);
    assert.equal((await kms.send(new VerifyMacCommand({ KeyId: fixture.mac.keyId, Message: fixture.mac.message, Mac: fixture.mac.mac, MacAlgorithm: "HMAC_SHA_256" }))).MacValid, true);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: "alias/backed-up" }))).KeyMetadata!.KeyId, fixture.aliasKeyId);
    assert.equal((await kms.send(new ListGrantsCommand({ KeyId: fixture.grantKeyId }))).Grants!.length, 1);
    assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: fixture.secret.id }))).SecretString, fixture.secret.value);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: fixture.parameter.name, WithDecryption: true }))).Parameter!.Value, fixture.parameter.value);
  }, credentials);
}

describe("strongbox backup and restore", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-backup-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("an online backup of a --dev data dir taken under a write load restores into a fresh data dir that decrypts everything", async () => {
    const dataDir = join(dir, "dev");
    const server = await startChildServer(["--dev", "--data-dir", dataDir]);
    let fixture: Fixture;
    const file = join(dir, "dev.backup");
    const createdDuringBackup: string[] = [];
    try {
      fixture = await populate(server.url);
      // Writes go on while the snapshot is taken: the copy must be one instant of the store.
      const kms = new KMSClient(clientConfig(server.url));
      let writing = true;
      const load = (async () => {
        while (writing) createdDuringBackup.push((await kms.send(new CreateKeyCommand({ Description: "during backup" }))).KeyMetadata!.KeyId!);
      })();
      const backup = await runCli(["backup", "--data-dir", dataDir, "--out", file]);
      writing = false;
      await load;
      kms.destroy();
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /backed up .* schema version \d+, dev seal, sha256 [0-9a-f]{64}/);
      assert.match(backup.stderr, /INSECURE root key is in the backup/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(createdDuringBackup.length > 0, "the server kept serving writes during the backup");
      const again = await runCli(["backup", "--data-dir", dataDir, "--out", file]);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /exists; a backup never overwrites a file/);
      assert.deepEqual(readdirSync(dir).filter((name) => name.includes("snapshot")), [], "no scratch snapshot is left beside the backup");
    } finally {
      await server.stop();
    }

    const restoredDir = join(dir, "restored-dev");
    const restore = await runCli(["restore", file, "--data-dir", restoredDir]);
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, /restored .* dev seal/);
    assert.deepEqual(readdirSync(restoredDir).sort(), ["dev-root-key.json", "strongbox.db"]);
    const restored = await startChildServer(["--dev", "--data-dir", restoredDir]);
    try {
      await assertHolds(restored.url, fixture!);
      // Every key the snapshot holds is whole: each one created during the backup is either absent or usable.
      const kms = new KMSClient(clientConfig(restored.url));
      let present = 0;
      for (const keyId of createdDuringBackup) {
        try {
          await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
        } catch (error) {
          assert.equal((error as Error).name, "NotFoundException");
          continue;
        }
        present++;
        const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))).CiphertextBlob!;
        assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "x");
      }
      kms.destroy();
      assert.ok(present > 0 || createdDuringBackup.length === 0, "keys created before the snapshot instant are in it");
    } finally {
      await restored.stop();
    }
    const verify = await runCli(["audit", "verify", "--data-dir", restoredDir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  test("a backup of a passphrase data dir holds no plaintext, and its restore starts sealed and opens only with the passphrase", async () => {
    const dataDir = join(dir, "passphrase");
    const passphraseFile = join(dir, "passphrase.txt");
    writeFileSync(passphraseFile, "backup passphrase, kept apart\n", { mode: 0o600 });
    assert.equal((await runCli(["init", "--data-dir", dataDir, "--passphrase-file", passphraseFile])).code, 0);
    const server = await startChildServer(["--data-dir", dataDir]);
    const file = join(dir, "passphrase.backup");
    let fixture: Fixture;
    const credentials = await (async () => {
      assert.equal((await runCli(["unseal", "--endpoint", server.url, "--passphrase-file", passphraseFile])).code, 0);
      return { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
    })();
    try {
      fixture = await populate(server.url, credentials);
      const backup = await runCli(["backup", "--data-dir", dataDir, "--out", file]);
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /passphrase seal/);
      assert.doesNotMatch(backup.stderr, /INSECURE/);
    } finally {
      await server.stop();
    }
    const content = readFileSync(file);
    const plaintexts = [fixture!.secret.value, fixture!.parameter.value, ...fixture!.blobs.map((b) => b.plaintext), ADMIN.secretAccessKey];
    for (const plaintext of plaintexts) {
      for (const form of [Buffer.from(plaintext), Buffer.from(Buffer.from(plaintext).toString("base64")), Buffer.from(Buffer.from(plaintext).toString("hex"))]) {
        assert.equal(content.indexOf(form), -1, `the backup holds "${plaintext}" in the clear`);
      }
    }
    assert.ok(content.indexOf(Buffer.from("alias/backed-up")) >= 0, "positive control: the scan reads the snapshot (aliases are plain metadata)");

    const restoredDir = join(dir, "restored-passphrase");
    assert.equal((await runCli(["restore", file, "--data-dir", restoredDir])).code, 0);
    assert.deepEqual(readdirSync(restoredDir), ["strongbox.db"]);
    const restored = await startChildServer(["--data-dir", restoredDir]);
    try {
      assert.equal((await fetch(`${restored.url}/health`)).status, 503, "a restored data dir starts sealed");
      assert.equal((await runCli(["unseal", "--endpoint", restored.url], { input: "a wrong passphrase\n" })).code, 1);
      assert.equal((await runCli(["unseal", "--endpoint", restored.url, "--passphrase-file", passphraseFile])).code, 0);
      await assertHolds(restored.url, fixture!, credentials);
    } finally {
      await restored.stop();
    }
  });

  test("a damaged, cut-short or foreign backup, or a data dir that holds a store, is refused and nothing is left behind", async () => {
    const dataDir = join(dir, "refusals");
    const server = await startChildServer(["--dev", "--data-dir", dataDir]);
    const file = join(dir, "refusals.backup");
    try {
      assert.equal((await runCli(["backup", "--data-dir", dataDir, "--out", file])).code, 0);
    } finally {
      await server.stop();
    }
    const good = readFileSync(file);
    const bodyStart = good.indexOf(0x0a, good.indexOf(0x0a) + 1) + 1;
    const flipped = Buffer.from(good);
    flipped[bodyStart + Math.floor((good.length - bodyStart) / 2)]! ^= 0x01;
    const cases: { name: string; bytes: Buffer; message: RegExp }[] = [
      { name: "one flipped bit", bytes: flipped, message: /does not match the manifest's SHA-256/ },
      { name: "cut short", bytes: good.subarray(0, good.length - 4096), message: /cut short/ },
      { name: "not a backup", bytes: Buffer.from("SQLite format 3\0 and so on\n"), message: /not a Strongbox backup/ },
      { name: "a manifest that lies", bytes: Buffer.concat([Buffer.from(good.subarray(0, bodyStart).toString().replace('"format":1', '"format":2')), good.subarray(bodyStart)]), message: /manifest is not valid \(format\)/ },
    ];
    for (const [i, { name, bytes, message }] of cases.entries()) {
      const damaged = join(dir, `damaged-${i}.backup`);
      writeFileSync(damaged, bytes);
      const target = join(dir, `target-${i}`);
      const result = await runCli(["restore", damaged, "--data-dir", target]);
      assert.equal(result.code, 2, `${name}: ${result.stderr}`);
      assert.match(result.stderr, message, name);
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`);
      assert.deepEqual(existsSync(target) ? readdirSync(target) : [], [], `${name}: nothing is left in the target`);
    }
    const occupied = await runCli(["restore", file, "--data-dir", dataDir]);
    assert.equal(occupied.code, 2);
    assert.match(occupied.stderr, /already holds a store/);
    const empty = await runCli(["backup", "--data-dir", join(dir, "no-such-dir"), "--out", join(dir, "nothing.backup")]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /holds no Strongbox store/);
    assert.equal(existsSync(join(dir, "nothing.backup")), false);
  });
});
