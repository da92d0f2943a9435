import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { constants, createHash, createPublicKey, publicEncrypt, verify as nodeVerify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type KeyUsageType,
  type MacAlgorithmSpec,
  type SigningAlgorithmSpec,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { serverPerSuite } from "./helpers/server.js";

const run = promisify(execFile);

/**
 * Asymmetric and HMAC keys through the real SDK, checked against independent implementations:
 * node:crypto and the openssl command line verify what Strongbox signs and encrypt what it decrypts.
 */
describe("asymmetric and HMAC keys", () => {
  const suite = serverPerSuite();
  const keys = new Map<string, string>();
  let dir: string;

  const keyFor = async (spec: KeySpec, usage: KeyUsageType): Promise<string> => {
    const name = `${spec}/${usage}`;
    const known = keys.get(name);
    if (known) return known;
    const { KeyMetadata } = await suite.kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage }));
    keys.set(name, KeyMetadata!.Arn!);
    return KeyMetadata!.Arn!;
  };
  const publicKeyOf = async (keyId: string) => createPublicKey({ key: Buffer.from((await suite.kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!), format: "der", type: "spki" });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "sbx-asym-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };
  const SIGNING: [KeySpec, SigningAlgorithmSpec[]][] = [
    ["RSA_2048", ["RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512"]],
    ["RSA_3072", ["RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_512"]],
    ["RSA_4096", ["RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256"]],
    ["ECC_NIST_P256", ["ECDSA_SHA_256"]],
    ["ECC_NIST_P384", ["ECDSA_SHA_384"]],
    ["ECC_NIST_P521", ["ECDSA_SHA_512"]],
    ["ECC_SECG_P256K1", ["ECDSA_SHA_256"]],
  ];

  for (const [spec, algorithms] of SIGNING) {
    test(`${spec}: Sign (RAW and DIGEST) verifies in node:crypto and in Strongbox`, async () => {
      const keyId = await keyFor(spec, "SIGN_VERIFY");
      const described = (await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
      assert.equal(described.KeySpec, spec);
      assert.ok(algorithms.every((a) => described.SigningAlgorithms!.includes(a)));
      assert.equal(described.EncryptionAlgorithms, undefined);
      const publicKey = await publicKeyOf(keyId);
      const message = Buffer.from(`signed by ${spec}`);
      for (const algorithm of algorithms) {
        const hash = HASH[algorithm.slice(-3)]!;
        const digest = createHash(hash).update(message).digest();
        for (const [messageType, input] of [["RAW", message], ["DIGEST", digest]] as const) {
          const { Signature } = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: input, MessageType: messageType, SigningAlgorithm: algorithm }));
          const options = algorithm.startsWith("RSASSA_PSS")
            ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length }
            : algorithm.startsWith("RSASSA_PKCS1")
              ? { key: publicKey, padding: constants.RSA_PKCS1_PADDING }
              : { key: publicKey, dsaEncoding: "der" as const };
          assert.equal(nodeVerify(hash, message, options, Buffer.from(Signature!)), true, `${algorithm} ${messageType}`);
          const verified = await suite.kms.send(new VerifyCommand({ KeyId: keyId, Message: input, MessageType: messageType, Signature, SigningAlgorithm: algorithm }));
          assert.equal(verified.SignatureValid, true);
        }
      }
    });
  }

  test("openssl verifies RSA-PSS and ECDSA signatures made by Strongbox", async () => {
    const message = Buffer.from("checked by openssl");
    writeFileSync(join(dir, "message.bin"), message);
    for (const [spec, algorithm, extra] of [
      ["RSA_2048", "RSASSA_PSS_SHA_256", ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"]],
      ["ECC_NIST_P384", "ECDSA_SHA_384", []],
    ] as const) {
      const keyId = await keyFor(spec, "SIGN_VERIFY");
      const { PublicKey } = await suite.kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
      writeFileSync(join(dir, "public.der"), Buffer.from(PublicKey!));
      const { Signature } = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: algorithm }));
      writeFileSync(join(dir, "signature.bin"), Buffer.from(Signature!));
      const digest = algorithm.endsWith("384") ? "-sha384" : "-sha256";
      const { stdout } = await run("openssl", ["dgst", digest, "-keyform", "DER", "-verify", join(dir, "public.der"), ...extra, "-signature", join(dir, "signature.bin"), join(dir, "message.bin")]);
      assert.match(stdout, /Verified OK/);
    }
  });

  test("Ed25519: ED25519_SHA_512 signatures verify in node:crypto; ED25519_PH_SHA_512 signs a SHA-512 digest", async () => {
    const keyId = await keyFor("ECC_NIST_EDWARDS25519", "SIGN_VERIFY");
    const message = Buffer.from("an edwards curve");
    const { Signature } = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: "ED25519_SHA_512" }));
    assert.equal(nodeVerify(null, message, await publicKeyOf(keyId), Buffer.from(Signature!)), true);
    // AWS: ED25519_PH_SHA_512 takes a SHA-512 DIGEST only (and prehashes it again, as Ed25519ph does).
    const digest = createHash("sha512").update(message).digest();
    const prehashed = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: "DIGEST", SigningAlgorithm: "ED25519_PH_SHA_512" }));
    const ok = await suite.kms.send(new VerifyCommand({ KeyId: keyId, Message: digest, MessageType: "DIGEST", Signature: prehashed.Signature, SigningAlgorithm: "ED25519_PH_SHA_512" }));
    assert.equal(ok.SignatureValid, true);
    await rejectsWith(suite.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: "ED25519_PH_SHA_512" })), "ValidationException", /MessageType RAW is not supported with signing algorithm ED25519_PH_SHA_512/);
    await rejectsWith(suite.kms.send(new SignCommand({ KeyId: keyId, Message: createHash("sha512").update(message).digest(), MessageType: "DIGEST", SigningAlgorithm: "ED25519_SHA_512" })), "ValidationException");
  });

  test("Verify refuses a tampered signature or message with KMSInvalidSignatureException", async () => {
    const keyId = await keyFor("ECC_NIST_P256", "SIGN_VERIFY");
    const message = Buffer.from("original");
    const { Signature } = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: "ECDSA_SHA_256" }));
    const tampered = Buffer.from(Signature!);
    tampered[tampered.length - 1]! ^= 1;
    await rejectsWith(suite.kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: tampered, SigningAlgorithm: "ECDSA_SHA_256" })), "KMSInvalidSignatureException");
    await rejectsWith(suite.kms.send(new VerifyCommand({ KeyId: keyId, Message: Buffer.from("originaL"), Signature, SigningAlgorithm: "ECDSA_SHA_256" })), "KMSInvalidSignatureException");
  });

  test("Sign checks key usage, algorithm, digest length and message size as AWS does", async () => {
    const ecc = await keyFor("ECC_NIST_P256", "SIGN_VERIFY");
    const rsaEncryption = await keyFor("RSA_2048", "ENCRYPT_DECRYPT");
    await rejectsWith(suite.kms.send(new SignCommand({ KeyId: rsaEncryption, Message: Buffer.from("x"), SigningAlgorithm: "RSASSA_PSS_SHA_256" })), "InvalidKeyUsageException", /key usage is ENCRYPT_DECRYPT which is not valid for Sign/);
    await rejectsWith(suite.kms.send(new SignCommand({ KeyId: ecc, Message: Buffer.from("x"), SigningAlgorithm: "RSASSA_PSS_SHA_256" })), "InvalidKeyUsageException", "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.");
    await rejectsWith(suite.kms.send(new SignCommand({ KeyId: ecc, Message: Buffer.alloc(31), MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" })), "ValidationException", "Digest is invalid length for algorithm ECDSA_SHA_256.");
    await rejectsWith(suite.kms.send(new SignCommand({ KeyId: ecc, Message: Buffer.alloc(4097), SigningAlgorithm: "ECDSA_SHA_256" })), "ValidationException");
    const symmetric = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await rejectsWith(suite.kms.send(new GetPublicKeyCommand({ KeyId: symmetric })), "UnsupportedOperationException");
    await rejectsWith(suite.kms.send(new EnableKeyRotationCommand({ KeyId: ecc })), "UnsupportedOperationException");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "ENCRYPT_DECRYPT" })), "ValidationException", "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256" })), "ValidationException");
  });

  for (const spec of ["RSA_2048", "RSA_4096"] as const) {
    test(`${spec}: Encrypt and Decrypt with both OAEP hashes; node:crypto and openssl encrypt under the public key, Strongbox decrypts`, async () => {
      const keyId = await keyFor(spec, "ENCRYPT_DECRYPT");
      const described = (await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
      assert.deepEqual(described.EncryptionAlgorithms, ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]);
      const plaintext = Buffer.from("a secret for RSA");
      for (const algorithm of ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] as const) {
        const { CiphertextBlob } = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionAlgorithm: algorithm }));
        const decrypted = await suite.kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob, EncryptionAlgorithm: algorithm }));
        assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
        const foreign = publicEncrypt({ key: await publicKeyOf(keyId), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: algorithm.endsWith("SHA_1") ? "sha1" : "sha256" }, plaintext);
        const opened = await suite.kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: foreign, EncryptionAlgorithm: algorithm }));
        assert.deepEqual(Buffer.from(opened.Plaintext!), plaintext);
      }
      const { PublicKey } = await suite.kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
      writeFileSync(join(dir, "rsa.der"), Buffer.from(PublicKey!));
      writeFileSync(join(dir, "plain.txt"), plaintext);
      await run("openssl", ["pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", join(dir, "rsa.der"), "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-in", join(dir, "plain.txt"), "-out", join(dir, "cipher.bin")]);
      const { readFileSync } = await import("node:fs");
      const fromOpenssl = await suite.kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: readFileSync(join(dir, "cipher.bin")), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }));
      assert.deepEqual(Buffer.from(fromOpenssl.Plaintext!), plaintext);
    });
  }

  test("RSA encryption refuses what AWS refuses: no algorithm, a context, too much plaintext, data keys, a damaged ciphertext", async () => {
    const keyId = await keyFor("RSA_2048", "ENCRYPT_DECRYPT");
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") })), "InvalidKeyUsageException", "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256", EncryptionContext: { a: "b" } })), "ValidationException");
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(191), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })), "ValidationException");
    await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(190, 1), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }));
    await rejectsWith(suite.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" })), "InvalidKeyUsageException");
    const { CiphertextBlob } = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }));
    const damaged = Buffer.from(CiphertextBlob!);
    damaged[10]! ^= 1;
    await rejectsWith(suite.kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: damaged, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })), "InvalidCiphertextException");
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })), "InvalidCiphertextException");
  });

  test("ReEncrypt moves a ciphertext from an RSA key to a symmetric key and back", async () => {
    const rsa = await keyFor("RSA_3072", "ENCRYPT_DECRYPT");
    const symmetric = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const plaintext = Buffer.from("moved between keys");
    const { CiphertextBlob } = await suite.kms.send(new EncryptCommand({ KeyId: rsa, Plaintext: plaintext, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }));
    const toSymmetric = await suite.kms.send(new ReEncryptCommand({ CiphertextBlob, SourceKeyId: rsa, SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DestinationKeyId: symmetric }));
    assert.equal(toSymmetric.SourceEncryptionAlgorithm, "RSAES_OAEP_SHA_256");
    assert.deepEqual(Buffer.from((await suite.kms.send(new DecryptCommand({ CiphertextBlob: toSymmetric.CiphertextBlob }))).Plaintext!), plaintext);
    const back = await suite.kms.send(new ReEncryptCommand({ CiphertextBlob: toSymmetric.CiphertextBlob, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_1" }));
    assert.equal(back.DestinationEncryptionAlgorithm, "RSAES_OAEP_SHA_1");
    const opened = await suite.kms.send(new DecryptCommand({ KeyId: rsa, CiphertextBlob: back.CiphertextBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_1" }));
    assert.deepEqual(Buffer.from(opened.Plaintext!), plaintext);
  });

  const MAC: [KeySpec, MacAlgorithmSpec][] = [
    ["HMAC_224", "HMAC_SHA_224"],
    ["HMAC_256", "HMAC_SHA_256"],
    ["HMAC_384", "HMAC_SHA_384"],
    ["HMAC_512", "HMAC_SHA_512"],
  ];
  for (const [spec, algorithm] of MAC) {
    test(`${spec}: GenerateMac is deterministic and as long as the hash; VerifyMac accepts it and refuses a tampered one`, async () => {
      const keyId = await keyFor(spec, "GENERATE_VERIFY_MAC");
      assert.deepEqual((await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.MacAlgorithms, [algorithm]);
      const message = Buffer.from("authenticate me");
      const first = Buffer.from((await suite.kms.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: algorithm }))).Mac!);
      const second = Buffer.from((await suite.kms.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: algorithm }))).Mac!);
      assert.deepEqual(first, second);
      assert.equal(first.length, Number(algorithm.slice(-3)) / 8);
      assert.equal((await suite.kms.send(new VerifyMacCommand({ KeyId: keyId, Message: message, Mac: first, MacAlgorithm: algorithm }))).MacValid, true);
      const tampered = Buffer.from(first);
      tampered[0]! ^= 1;
      await rejectsWith(suite.kms.send(new VerifyMacCommand({ KeyId: keyId, Message: message, Mac: tampered, MacAlgorithm: algorithm })), "KMSInvalidMacException");
      const wrong = algorithm === "HMAC_SHA_256" ? "HMAC_SHA_512" : "HMAC_SHA_256";
      await rejectsWith(suite.kms.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: wrong })), "InvalidKeyUsageException");
    });
  }

  test("two HMAC keys of one spec give different MACs (the key, not just the hash, is in them)", async () => {
    const one = (await suite.kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }))).KeyMetadata!.Arn!;
    const two = (await suite.kms.send(new CreateKeyCommand({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }))).KeyMetadata!.Arn!;
    const mac = async (KeyId: string) => Buffer.from((await suite.kms.send(new GenerateMacCommand({ KeyId, Message: Buffer.from("m"), MacAlgorithm: "HMAC_SHA_256" }))).Mac!);
    assert.notDeepEqual(await mac(one), await mac(two));
    await rejectsWith(suite.kms.send(new VerifyMacCommand({ KeyId: two, Message: Buffer.from("m"), Mac: await mac(one), MacAlgorithm: "HMAC_SHA_256" })), "KMSInvalidMacException");
  });
});
