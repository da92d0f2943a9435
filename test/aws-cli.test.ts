import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { awsCli } from "./helpers/aws-cli.js";
import { ADMIN, startTestServer, type TestServer } from "./helpers/server.js";

describe("the AWS CLI against Strongbox", () => {
  let server: TestServer;
  let dir: string;

  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "sbx-cli-"));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const aws = (...args: string[]) => awsCli(server.url, dir, ADMIN, ["kms", ...args]);

  test("create-key, create-alias, encrypt, decrypt, generate-data-key, list-aliases", async () => {
    const created = (await aws("create-key", "--description", "from the cli")).KeyMetadata as Record<string, string>;
    assert.equal(created.Description, "from the cli");
    await aws("create-alias", "--alias-name", "alias/cli", "--target-key-id", created.KeyId!);

    writeFileSync(join(dir, "plain.txt"), "hello from the aws cli");
    const encrypted = await aws("encrypt", "--key-id", "alias/cli", "--plaintext", `fileb://${join(dir, "plain.txt")}`, "--encryption-context", "app=cli");
    assert.equal(encrypted.KeyId, created.Arn);
    writeFileSync(join(dir, "blob.bin"), Buffer.from(String(encrypted.CiphertextBlob), "base64"));
    const decrypted = await aws("decrypt", "--ciphertext-blob", `fileb://${join(dir, "blob.bin")}`, "--encryption-context", "app=cli");
    assert.equal(Buffer.from(String(decrypted.Plaintext), "base64").toString(), readFileSync(join(dir, "plain.txt"), "utf8"));
    assert.equal(decrypted.KeyId, created.Arn);

    const dataKey = await aws("generate-data-key", "--key-id", created.KeyId!, "--key-spec", "AES_256");
    assert.equal(Buffer.from(String(dataKey.Plaintext), "base64").length, 32);
    writeFileSync(join(dir, "dk.bin"), Buffer.from(String(dataKey.CiphertextBlob), "base64"));
    const unwrapped = await aws("decrypt", "--ciphertext-blob", `fileb://${join(dir, "dk.bin")}`);
    assert.equal(unwrapped.Plaintext, dataKey.Plaintext);

    const aliases = (await aws("list-aliases", "--key-id", created.KeyId!)).Aliases as Array<Record<string, string>>;
    assert.deepEqual(aliases.map((a) => a.AliasName), ["alias/cli"]);
  });

  test("create-key for a signing key, sign, verify and get-public-key; openssl verifies the signature", async () => {
    const created = (await aws("create-key", "--key-spec", "ECC_NIST_P256", "--key-usage", "SIGN_VERIFY")).KeyMetadata as Record<string, unknown>;
    assert.deepEqual(created.SigningAlgorithms, ["ECDSA_SHA_256"]);
    writeFileSync(join(dir, "message.txt"), "signed from the aws cli");
    const signed = await aws("sign", "--key-id", String(created.KeyId), "--message", `fileb://${join(dir, "message.txt")}`, "--signing-algorithm", "ECDSA_SHA_256");
    writeFileSync(join(dir, "signature.bin"), Buffer.from(String(signed.Signature), "base64"));
    const verified = await aws("verify", "--key-id", String(created.KeyId), "--message", `fileb://${join(dir, "message.txt")}`, "--signature", `fileb://${join(dir, "signature.bin")}`, "--signing-algorithm", "ECDSA_SHA_256");
    assert.equal(verified.SignatureValid, true);
    const publicKey = await aws("get-public-key", "--key-id", String(created.KeyId));
    writeFileSync(join(dir, "public.der"), Buffer.from(String(publicKey.PublicKey), "base64"));
    const { stdout } = await promisify(execFile)("openssl", ["dgst", "-sha256", "-keyform", "DER", "-verify", join(dir, "public.der"), "-signature", join(dir, "signature.bin"), join(dir, "message.txt")]);
    assert.match(stdout, /Verified OK/);
  });

  test("an AWS error reaches the CLI as the AWS error", async () => {
    await assert.rejects(aws("describe-key", "--key-id", "alias/missing"), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? "", /NotFoundException/);
      assert.match(error.stderr ?? "", /Alias arn:aws:kms:us-east-1:\d{12}:alias\/missing is not found\./);
      return true;
    });
  });
});
