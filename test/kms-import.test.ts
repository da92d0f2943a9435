import assert from "node:assert/strict";
import { constants, createHmac, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify as nodeVerify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DecryptCommand,
  EnableKeyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UpdateKeyDescriptionCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  SignCommand,
  type AlgorithmSpec,
} from "@aws-sdk/client-kms";
import { awsCli } from "./helpers/aws-cli.js";
import { createExternalKey, decryptBlobIndependently, importMaterial, nodeWrap, opensslWrap } from "./helpers/byok.js";
import { rejectsWith } from "./helpers/errors.js";
import { OpensslScratch } from "./helpers/openssl.js";
import { ADMIN, serverPerSuite } from "./helpers/server.js";

/**
 * Importing key material through the real SDK and the AWS CLI, wrapped by independent code (the
 * openssl command line as AWS documents it, and node:crypto), and checked by independent code:
 * the imported key decrypts KMS's ciphertext blob by itself, computes the same HMAC, verifies the
 * signature.
 */
describe("imported key material: the import and the use of the imported key", () => {
  const suite = serverPerSuite();
  const scratch = new OpensslScratch("sbx-byok-");
  after(() => scratch.remove());

  test("CreateKey Origin EXTERNAL: PendingImport, no material, unusable until the import", async () => {
    const arn = await createExternalKey(suite.kms);
    const metadata = (await suite.kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!;
    assert.equal(metadata.Origin, "EXTERNAL");
    assert.equal(metadata.KeyState, "PendingImport");
    assert.equal(metadata.Enabled, false);
    assert.equal(metadata.CurrentKeyMaterialId, undefined);
    assert.equal(metadata.ExpirationModel, undefined);
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("x") })), "KMSInvalidStateException", `${arn} is pending import.`);
    await rejectsWith(suite.kms.send(new EnableKeyCommand({ KeyId: arn })), "KMSInvalidStateException", `${arn} is pending import.`);
    // Administration works while the key waits for its material, as AWS's key state table has it.
    await suite.kms.send(new UpdateKeyDescriptionCommand({ KeyId: arn, Description: "waiting for the HSM export" }));
    await suite.kms.send(new TagResourceCommand({ KeyId: arn, Tags: [{ TagKey: "team", TagValue: "pki" }] }));
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/byok-pending", TargetKeyId: arn }));
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 }));
    await suite.kms.send(new CancelKeyDeletionCommand({ KeyId: arn }));
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId: "alias/byok-pending" }))).KeyMetadata!.KeyState, "PendingImport");
    await rejectsWith(
      suite.kms.send(new GetParametersForImportCommand({ KeyId: "alias/byok-pending", WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" })),
      "NotFoundException",
    );
  });

  for (const [how, algorithm, spec] of [
    ["openssl", "RSAES_OAEP_SHA_256", "RSA_3072"],
    ["openssl", "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048"],
    ["node:crypto", "RSAES_OAEP_SHA_1", "RSA_2048"],
    ["node:crypto", "RSA_AES_KEY_WRAP_SHA_1", "RSA_4096"],
    ["node:crypto", "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048"],
  ] as const) {
    test(`a 256-bit key wrapped by ${how} with ${algorithm} (${spec}) is the key KMS encrypts with`, async () => {
      const arn = await createExternalKey(suite.kms);
      const material = randomBytes(32);
      const wrap = how === "openssl" ? opensslWrap(scratch) : nodeWrap;
      const materialId = await importMaterial(suite.kms, arn, material, { algorithm: algorithm as AlgorithmSpec, spec, wrap });
      assert.match(materialId, /^[0-9a-f]{64}$/);
      const metadata = (await suite.kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata!;
      assert.equal(metadata.KeyState, "Enabled");
      assert.equal(metadata.ExpirationModel, "KEY_MATERIAL_DOES_NOT_EXPIRE");
      assert.equal(metadata.ValidTo, undefined);
      assert.equal(metadata.CurrentKeyMaterialId, materialId);
      const plaintext = Buffer.from(`secret under an imported key (${algorithm})`);
      const blob = (await suite.kms.send(new EncryptCommand({ KeyId: arn, Plaintext: plaintext }))).CiphertextBlob!;
      const opened = decryptBlobIndependently(blob, material);
      assert.deepEqual(opened.plaintext, plaintext);
      assert.equal(opened.keyMaterialId, materialId);
      assert.deepEqual(Buffer.from((await suite.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!), plaintext);
    });
  }

  test("HMAC: an imported 40-byte HMAC_256 key makes the MACs node:crypto makes with it", async () => {
    const arn = await createExternalKey(suite.kms, "HMAC_256", "GENERATE_VERIFY_MAC");
    const material = randomBytes(40);
    await importMaterial(suite.kms, arn, material);
    const message = Buffer.from("message to authenticate");
    const mac = (await suite.kms.send(new GenerateMacCommand({ KeyId: arn, MacAlgorithm: "HMAC_SHA_256", Message: message }))).Mac!;
    assert.deepEqual(Buffer.from(mac), createHmac("sha256", material).update(message).digest());
  });

  test("HMAC key lengths outside AWS's range for the spec are IncorrectKeyMaterialException", async () => {
    const arn = await createExternalKey(suite.kms, "HMAC_224", "GENERATE_VERIFY_MAC");
    await rejectsWith(importMaterial(suite.kms, arn, randomBytes(20)), "IncorrectKeyMaterialException", /HMAC_224 key must be 28 to 64 bytes; it is 20 bytes/);
    await rejectsWith(importMaterial(suite.kms, arn, randomBytes(65)), "IncorrectKeyMaterialException");
    await importMaterial(suite.kms, arn, randomBytes(28));
  });

  test("ECC_NIST_P256: an imported PKCS#8 key (wrapped by openssl, RSA_AES_KEY_WRAP) signs as the original; GetPublicKey is its public key", async () => {
    const arn = await createExternalKey(suite.kms, "ECC_NIST_P256", "SIGN_VERIFY");
    const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const pkcs8 = pair.privateKey.export({ format: "der", type: "pkcs8" });
    await importMaterial(suite.kms, arn, pkcs8, { algorithm: "RSA_AES_KEY_WRAP_SHA_256", spec: "RSA_3072", wrap: opensslWrap(scratch) });
    const message = Buffer.from("signed by an imported key");
    const signature = (await suite.kms.send(new SignCommand({ KeyId: arn, Message: message, SigningAlgorithm: "ECDSA_SHA_256" }))).Signature!;
    assert.ok(nodeVerify("sha256", message, pair.publicKey, Buffer.from(signature)));
    const publicKey = (await suite.kms.send(new GetPublicKeyCommand({ KeyId: arn }))).PublicKey!;
    assert.deepEqual(Buffer.from(publicKey), pair.publicKey.export({ format: "der", type: "spki" }));
  });

  test("RSA_2048: the private key must come with an RSA_AES wrapping algorithm; imported, it signs as the original", async () => {
    const arn = await createExternalKey(suite.kms, "RSA_2048", "SIGN_VERIFY");
    await rejectsWith(
      suite.kms.send(new GetParametersForImportCommand({ KeyId: arn, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_4096" })),
      "ValidationException",
      /cannot wrap RSA private key material/,
    );
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await importMaterial(suite.kms, arn, pair.privateKey.export({ format: "der", type: "pkcs8" }), { algorithm: "RSA_AES_KEY_WRAP_SHA_256" });
    const message = Buffer.from("RSA signature by an imported key");
    const signature = (await suite.kms.send(new SignCommand({ KeyId: arn, Message: message, SigningAlgorithm: "RSASSA_PSS_SHA_256" }))).Signature!;
    assert.ok(nodeVerify("sha256", message, { key: pair.publicKey, padding: 6, saltLength: 32 }, Buffer.from(signature)));
    const publicKey = (await suite.kms.send(new GetPublicKeyCommand({ KeyId: arn }))).PublicKey!;
    assert.deepEqual(createPublicKey({ key: Buffer.from(publicKey), format: "der", type: "spki" }).export({ format: "pem", type: "spki" }), pair.publicKey.export({ format: "pem", type: "spki" }));
  });

  test("RSA_3072 ENCRYPT_DECRYPT: KMS decrypts what node:crypto encrypts under the original public key", async () => {
    const arn = await createExternalKey(suite.kms, "RSA_3072", "ENCRYPT_DECRYPT");
    const pair = generateKeyPairSync("rsa", { modulusLength: 3072 });
    await importMaterial(suite.kms, arn, pair.privateKey.export({ format: "der", type: "pkcs8" }), { algorithm: "RSA_AES_KEY_WRAP_SHA_1", wrap: opensslWrap(scratch) });
    const secret = Buffer.from("for the imported RSA key only");
    const ciphertext = publicEncrypt({ key: pair.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, secret);
    const decrypted = await suite.kms.send(new DecryptCommand({ KeyId: arn, CiphertextBlob: ciphertext, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }));
    assert.deepEqual(Buffer.from(decrypted.Plaintext!), secret);
  });

  test("material of another type or size than the key spec is IncorrectKeyMaterialException", async () => {
    const ec = await createExternalKey(suite.kms, "ECC_NIST_P384", "SIGN_VERIFY");
    const p256 = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ format: "der", type: "pkcs8" });
    await rejectsWith(importMaterial(suite.kms, ec, p256, { algorithm: "RSA_AES_KEY_WRAP_SHA_256" }), "IncorrectKeyMaterialException", "The key material is not a ECC_NIST_P384 private key.");
    await rejectsWith(importMaterial(suite.kms, ec, randomBytes(48), { algorithm: "RSA_AES_KEY_WRAP_SHA_256" }), "IncorrectKeyMaterialException", /PKCS #8/);
    const symmetric = await createExternalKey(suite.kms);
    await rejectsWith(importMaterial(suite.kms, symmetric, randomBytes(16)), "IncorrectKeyMaterialException", /must be 256 bits \(32 bytes\); it is 16 bytes/);
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId: symmetric }))).KeyMetadata!.KeyState, "PendingImport");
  });

  describe("through the AWS CLI", () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), "sbx-byok-cli-"))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    test("get-parameters-for-import, openssl, import-key-material with fileb://", async () => {
      const aws = (...args: string[]) => awsCli(suite.server.url, dir, ADMIN, ["kms", ...args]);
      const created = (await aws("create-key", "--origin", "EXTERNAL")).KeyMetadata as Record<string, string>;
      assert.equal(created.KeyState, "PendingImport");
      const params = await aws("get-parameters-for-import", "--key-id", created.KeyId!, "--wrapping-algorithm", "RSAES_OAEP_SHA_256", "--wrapping-key-spec", "RSA_2048");
      assert.equal(params.KeyId, created.Arn);
      const material = randomBytes(32);
      const encrypted = opensslWrap(scratch)(Buffer.from(params.PublicKey as string, "base64"), "RSAES_OAEP_SHA_256", material);
      writeFileSync(join(dir, "EncryptedKeyMaterial.bin"), encrypted);
      writeFileSync(join(dir, "ImportToken.bin"), Buffer.from(params.ImportToken as string, "base64"));
      const imported = await aws(
        "import-key-material", "--key-id", created.KeyId!,
        "--encrypted-key-material", `fileb://${join(dir, "EncryptedKeyMaterial.bin")}`,
        "--import-token", `fileb://${join(dir, "ImportToken.bin")}`,
        "--expiration-model", "KEY_MATERIAL_EXPIRES", "--valid-to", new Date(Date.now() + 30 * 86_400_000).toISOString(),
      );
      assert.equal(imported.KeyId, created.Arn);
      const described = (await aws("describe-key", "--key-id", created.KeyId!)).KeyMetadata as Record<string, unknown>;
      assert.equal(described.KeyState, "Enabled");
      assert.equal(described.ExpirationModel, "KEY_MATERIAL_EXPIRES");
      assert.ok(described.ValidTo !== undefined);
      const blob = (await suite.kms.send(new EncryptCommand({ KeyId: created.Arn, Plaintext: Buffer.from("via the cli") }))).CiphertextBlob!;
      assert.equal(decryptBlobIndependently(blob, material).plaintext.toString(), "via the cli");
    });
  });
});
