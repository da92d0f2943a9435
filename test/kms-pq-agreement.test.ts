import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, test } from "node:test";
import { shake256 } from "@noble/hashes/sha3.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem1024, ml_kem512, ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import {
  CreateKeyCommand,
  DecapsulateCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  EncapsulateCommand,
  EncryptCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  type KeySpec,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { createUser, policy } from "./helpers/principals.js";
import { ADMIN, serverPerSuite } from "./helpers/server.js";

/** The raw ML-DSA / ML-KEM key inside a DER SubjectPublicKeyInfo (AWS: `openssl asn1parse -strparse 17`). */
const rawKey = (spki: Uint8Array) => Buffer.from(spki).subarray(22);

describe("post-quantum keys, key agreement and data key pairs", () => {
  const suite = serverPerSuite();
  const createKey = async (KeySpec: KeySpec, KeyUsage: "SIGN_VERIFY" | "KEY_AGREEMENT" | "ENCAPSULATE_DECAPSULATE") =>
    (await suite.kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))).KeyMetadata!.Arn!;
  const publicKey = async (KeyId: string) => Buffer.from((await suite.kms.send(new GetPublicKeyCommand({ KeyId }))).PublicKey!);

  for (const [spec, impl] of [["ML_DSA_44", ml_dsa44], ["ML_DSA_65", ml_dsa65], ["ML_DSA_87", ml_dsa87]] as const) {
    test(`${spec}: signatures (RAW and EXTERNAL_MU) verify with an independent ML-DSA`, async () => {
      const keyId = await createKey(spec, "SIGN_VERIFY");
      assert.deepEqual((await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.SigningAlgorithms, ["ML_DSA_SHAKE_256"]);
      const raw = rawKey(await publicKey(keyId));
      const message = Buffer.from(`post-quantum ${spec}`);
      const { Signature } = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: "ML_DSA_SHAKE_256" }));
      assert.equal(impl.verify(Signature!, message, raw), true);
      // μ = SHAKE256(SHAKE256(pk, 64) ‖ 0 ‖ 0 ‖ M, 64), FIPS 204 with an empty context, computed here.
      const mu = Buffer.from(shake256(Buffer.concat([shake256(raw, { dkLen: 64 }), Buffer.from([0, 0]), message]), { dkLen: 64 }));
      const viaMu = await suite.kms.send(new SignCommand({ KeyId: keyId, Message: mu, MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256" }));
      assert.equal(impl.verify(viaMu.Signature!, message, raw), true);
      assert.equal((await suite.kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: viaMu.Signature, SigningAlgorithm: "ML_DSA_SHAKE_256" }))).SignatureValid, true);
      await rejectsWith(suite.kms.send(new SignCommand({ KeyId: keyId, Message: mu.subarray(1), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256" })), "ValidationException");
      await rejectsWith(suite.kms.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: "DIGEST", SigningAlgorithm: "ML_DSA_SHAKE_256" })), "ValidationException");
    });
  }

  for (const [spec, impl] of [["ML_KEM_512", ml_kem512], ["ML_KEM_768", ml_kem768], ["ML_KEM_1024", ml_kem1024]] as const) {
    test(`${spec}: Encapsulate and Decapsulate agree, also with a second ML-KEM party`, async () => {
      const keyId = await createKey(spec, "ENCAPSULATE_DECAPSULATE");
      assert.deepEqual((await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.EncapsulationAlgorithms, ["ML_KEM"]);
      const ours = await suite.kms.send(new EncapsulateCommand({ KeyId: keyId, EncapsulationAlgorithm: "ML_KEM" }));
      const opened = await suite.kms.send(new DecapsulateCommand({ KeyId: keyId, SharedSecretCiphertextBlob: ours.SharedSecretCiphertextBlob, EncapsulationAlgorithm: "ML_KEM" }));
      assert.deepEqual(Buffer.from(opened.SharedSecret!), Buffer.from(ours.SharedSecret!));
      assert.equal(ours.SharedSecret!.length, 32);
      const theirs = impl.encapsulate(rawKey(await publicKey(keyId)));
      const fromThem = await suite.kms.send(new DecapsulateCommand({ KeyId: keyId, SharedSecretCiphertextBlob: theirs.cipherText, EncapsulationAlgorithm: "ML_KEM" }));
      assert.deepEqual(Buffer.from(fromThem.SharedSecret!), Buffer.from(theirs.sharedSecret));
      await rejectsWith(suite.kms.send(new DecapsulateCommand({ KeyId: keyId, SharedSecretCiphertextBlob: Buffer.alloc(10), EncapsulationAlgorithm: "ML_KEM" })), "InvalidCiphertextException");
    });
  }

  for (const [spec, curve] of [["ECC_NIST_P256", "prime256v1"], ["ECC_NIST_P384", "secp384r1"], ["ECC_NIST_P521", "secp521r1"]] as const) {
    test(`${spec}: DeriveSharedSecret equals node:crypto's ECDH from the other side`, async () => {
      const keyId = await createKey(spec, "KEY_AGREEMENT");
      assert.deepEqual((await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyAgreementAlgorithms, ["ECDH"]);
      const mine = generateKeyPairSync("ec", { namedCurve: curve });
      const { SharedSecret } = await suite.kms.send(
        new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: mine.publicKey.export({ format: "der", type: "spki" }) }),
      );
      const expected = diffieHellman({ privateKey: mine.privateKey, publicKey: createPublicKey({ key: await publicKey(keyId), format: "der", type: "spki" }) });
      assert.deepEqual(Buffer.from(SharedSecret!), expected);
      const otherCurve = generateKeyPairSync("ec", { namedCurve: curve === "prime256v1" ? "secp384r1" : "prime256v1" });
      await rejectsWith(
        suite.kms.send(new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: otherCurve.publicKey.export({ format: "der", type: "spki" }) })),
        "ValidationException",
      );
    });
  }

  test("degenerate peer keys (the point at infinity) are refused, and the server keeps serving", async () => {
    const keyId = await createKey("ECC_NIST_P256", "KEY_AGREEMENT");
    const infinity = Buffer.from("3019301306072a8648ce3d020106082a8648ce3d03010703020000", "hex");
    await rejectsWith(suite.kms.send(new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: infinity })), "ValidationException");
    await rejectsWith(suite.kms.send(new DeriveSharedSecretCommand({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: infinity, DryRun: true })), "ValidationException");
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, "Enabled");
  });

  test("a Strongbox blob that names an RSA key is an invalid ciphertext, not an RSA key fed to AES", async () => {
    const symmetric = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const rsa = (await suite.kms.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }))).KeyMetadata!;
    const { CiphertextBlob } = await suite.kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: Buffer.from("x") }));
    const forged = Buffer.from(CiphertextBlob!);
    // Key id (offset 2, 16 bytes) and key material id (offset 30, 32 bytes) of the RSA key: docs/formats.md.
    Buffer.from(rsa.KeyId!.replaceAll("-", ""), "hex").copy(forged, 2);
    Buffer.from(rsa.CurrentKeyMaterialId!, "hex").copy(forged, 30);
    for (const EncryptionAlgorithm of [undefined, "RSAES_OAEP_SHA_256"] as const) {
      await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: forged, EncryptionAlgorithm })), "InvalidCiphertextException");
    }
  });

  test("DeriveSharedSecret needs a KEY_AGREEMENT key", async () => {
    const signing = await createKey("ECC_NIST_P256", "SIGN_VERIFY");
    const mine = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    await rejectsWith(
      suite.kms.send(new DeriveSharedSecretCommand({ KeyId: signing, KeyAgreementAlgorithm: "ECDH", PublicKey: mine.publicKey.export({ format: "der", type: "spki" }) })),
      "InvalidKeyUsageException",
    );
  });

  for (const spec of ["RSA_2048", "ECC_NIST_P256", "ECC_NIST_EDWARDS25519"] as const) {
    test(`GenerateDataKeyPair ${spec}: the private key signs what the public key verifies; its ciphertext decrypts to it`, async () => {
      const { KeyMetadata } = await suite.kms.send(new CreateKeyCommand({}));
      const pair = await suite.kms.send(new GenerateDataKeyPairCommand({ KeyId: KeyMetadata!.KeyId!, KeyPairSpec: spec, EncryptionContext: { purpose: "pair" } }));
      assert.equal(pair.KeyPairSpec, spec);
      const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: "der", type: "pkcs8" });
      const publicKeyObject = createPublicKey({ key: Buffer.from(pair.PublicKey!), format: "der", type: "spki" });
      const hash = spec === "ECC_NIST_EDWARDS25519" ? null : "sha256";
      const signature = nodeSign(hash, Buffer.from("data key pair"), privateKey);
      assert.equal(nodeVerify(hash, Buffer.from("data key pair"), publicKeyObject, signature), true);
      const decrypted = await suite.kms.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob, EncryptionContext: { purpose: "pair" } }));
      assert.deepEqual(Buffer.from(decrypted.Plaintext!), Buffer.from(pair.PrivateKeyPlaintext!));
      const withoutPlaintext = await suite.kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: KeyMetadata!.KeyId!, KeyPairSpec: spec }));
      assert.equal((withoutPlaintext as { PrivateKeyPlaintext?: unknown }).PrivateKeyPlaintext, undefined);
      assert.ok(withoutPlaintext.PublicKey!.length > 0);
    });
  }

  test("kms:DataKeyPairSpec reaches the policy gate", async () => {
    const { KeyMetadata } = await suite.kms.send(new CreateKeyCommand({}));
    const user = await createUser(suite.server, ADMIN, "pair-maker", {
      policies: {
        all: policy({ Effect: "Allow", Action: "kms:*", Resource: "*" }),
        noRsa: policy({ Effect: "Deny", Action: "kms:GenerateDataKeyPair*", Resource: "*", Condition: { StringLike: { "kms:DataKeyPairSpec": "RSA_*" } } }),
      },
    });
    await rejectsWith(user.kms.send(new GenerateDataKeyPairCommand({ KeyId: KeyMetadata!.Arn!, KeyPairSpec: "RSA_2048" })), "AccessDeniedException", /explicit deny in an identity-based policy$/);
    await user.kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: KeyMetadata!.Arn!, KeyPairSpec: "ECC_NIST_P256" }));
  });

  test("GenerateDataKeyPair needs a symmetric encryption key; SM2 is refused", async () => {
    const rsa = (await suite.kms.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }))).KeyMetadata!.Arn!;
    await rejectsWith(suite.kms.send(new GenerateDataKeyPairCommand({ KeyId: rsa, KeyPairSpec: "RSA_2048" })), "InvalidKeyUsageException");
    const symmetric = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await rejectsWith(suite.kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric, KeyPairSpec: "SM2" })), "UnsupportedOperationException");
  });
});
