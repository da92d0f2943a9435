import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { constants, createHash, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { OpensslScratch } from "../../../../test/helpers/openssl.js";
import { SecretBytes } from "../../secret-bytes.js";
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  generateKeyMaterial,
  KeyOperationError,
  maxAsymmetricPlaintext,
  publicKeyOf,
  sign,
  signOffLoop,
  SIGNING_ALGORITHMS,
  verify,
  type AsymmetricEncryptionAlgorithm,
  type SigningAlgorithm,
} from "./index.js";

// RSA keys are slow to make: each size is generated once for the whole file.
const SPECS = ["RSA_2048", "RSA_3072", "RSA_4096"] as const;
type RsaSpec = (typeof SPECS)[number];
const keys = new Map<RsaSpec, { privateKey: SecretBytes; publicKey: Buffer }>();
let scratch: OpensslScratch;

before(async () => {
  for (const spec of SPECS) {
    const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
    keys.set(spec, { privateKey, publicKey: publicKey! });
  }
  scratch = new OpensslScratch("strongbox-rsa-");
});
after(() => {
  for (const { privateKey } of keys.values()) privateKey.dispose();
  scratch.remove();
});

const key = (spec: RsaSpec) => keys.get(spec)!;
const hashOf = (algorithm: string) => (algorithm.endsWith("256") ? "sha256" : algorithm.endsWith("384") ? "sha384" : "sha512");
const isPss = (algorithm: SigningAlgorithm) => algorithm.startsWith("RSASSA_PSS");

const openssl = (args: string[], files: Record<string, Buffer | string> = {}): boolean => scratch.run(args, files);
const pem = (spki: Buffer) => createPublicKey({ key: spki, format: "der", type: "spki" }).export({ format: "pem", type: "spki" });
const pssOpts = (algorithm: SigningAlgorithm, flag: string) =>
  isPss(algorithm) ? [flag, "rsa_padding_mode:pss", flag, `rsa_pss_saltlen:${createHash(hashOf(algorithm)).digest().length}`] : [];

describe("RSA signing", () => {
  test("signOffLoop (the thread pool) signs as sign does: PKCS#1 v1.5 byte for byte, PSS verifying; refusals alike", async () => {
    const { privateKey, publicKey } = key("RSA_2048");
    const message = randomBytes(256);
    for (const algorithm of SIGNING_ALGORITHMS.RSA_2048) {
      const offLoop = await signOffLoop("RSA_2048", algorithm, privateKey, message, "RAW");
      assert.ok(verify("RSA_2048", algorithm, publicKey, message, "RAW", offLoop), `${algorithm} verifies`);
      if (!isPss(algorithm)) assert.deepEqual(offLoop, sign("RSA_2048", algorithm, privateKey, message, "RAW"), "PKCS#1 v1.5 is deterministic");
    }
    const digest = createHash("sha256").update(message).digest();
    const fromDigest = await signOffLoop("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", privateKey, digest, "DIGEST");
    assert.ok(verify("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", publicKey, message, "RAW", fromDigest), "a DIGEST message signs (synchronously) as the RAW one");
    await assert.rejects(signOffLoop("RSA_2048", "ECDSA_SHA_256", privateKey, message, "RAW"), (e: unknown) => e instanceof KeyOperationError && e.reason === "incompatible-algorithm");
    await assert.rejects(signOffLoop("RSA_2048", "RSASSA_PSS_SHA_256", privateKey, Buffer.alloc(31), "DIGEST"), (e: unknown) => e instanceof KeyOperationError && e.reason === "invalid-message");
  });

  test("key material: PKCS#8 private key of the spec's size and its SPKI public key", async () => {
    for (const spec of SPECS) {
      const { privateKey, publicKey } = key(spec);
      const imported = privateKey.use((der) => createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
      assert.equal(imported.asymmetricKeyDetails?.modulusLength, Number(spec.slice(4)));
      assert.deepEqual(publicKeyOf(spec, privateKey), publicKey);
    }
  });

  for (const spec of SPECS) {
    for (const algorithm of SIGNING_ALGORITHMS[spec]) {
      test(`${spec} ${algorithm}: RAW and DIGEST round trip, each verifying the other`, async () => {
        const { privateKey, publicKey } = key(spec);
        const message = randomBytes(100);
        const digest = createHash(hashOf(algorithm)).update(message).digest();
        const raw = sign(spec, algorithm, privateKey, message, "RAW");
        const fromDigest = sign(spec, algorithm, privateKey, digest, "DIGEST");
        assert.equal(raw.length, Number(spec.slice(4)) / 8);
        for (const signature of [raw, fromDigest]) {
          assert.equal(verify(spec, algorithm, publicKey, message, "RAW", signature), true);
          assert.equal(verify(spec, algorithm, publicKey, digest, "DIGEST", signature), true);
        }
      });
    }
  }

  for (const algorithm of SIGNING_ALGORITHMS.RSA_2048) {
    test(`RSA_2048 ${algorithm}: node:crypto and openssl verify ours, we verify theirs`, async () => {
      const { privateKey, publicKey } = key("RSA_2048");
      const message = Buffer.from("interoperable message");
      const digest = createHash(hashOf(algorithm)).update(message).digest();
      const options = {
        key: createPublicKey({ key: publicKey, format: "der", type: "spki" }),
        padding: isPss(algorithm) ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING,
        saltLength: digest.length,
      };
      for (const signature of [sign("RSA_2048", algorithm, privateKey, message, "RAW"), sign("RSA_2048", algorithm, privateKey, digest, "DIGEST")]) {
        assert.equal(nodeVerify(hashOf(algorithm), message, options, signature), true);
        const files = { "pub.pem": pem(publicKey), "msg.bin": message, "digest.bin": digest, "sig.bin": signature };
        assert.ok(openssl(["dgst", `-${hashOf(algorithm)}`, ...pssOpts(algorithm, "-sigopt"), "-verify", "pub.pem", "-signature", "sig.bin", "msg.bin"], files));
        assert.ok(
          openssl(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-in", "digest.bin", "-sigfile", "sig.bin", "-pkeyopt", `digest:${hashOf(algorithm)}`, ...pssOpts(algorithm, "-pkeyopt")]),
        );
      }
      const theirs = privateKey.use((der) =>
        nodeSign(hashOf(algorithm), message, { ...options, key: createPrivateKey({ key: der, format: "der", type: "pkcs8" }) }),
      );
      assert.equal(verify("RSA_2048", algorithm, publicKey, message, "RAW", theirs), true);
      assert.equal(verify("RSA_2048", algorithm, publicKey, digest, "DIGEST", theirs), true);
    });
  }

  test("tampered signatures, other messages and other keys do not verify (false, no throw)", async () => {
    const { privateKey, publicKey } = key("RSA_2048");
    for (const algorithm of ["RSASSA_PSS_SHA_256", "RSASSA_PKCS1_V1_5_SHA_512"] as const) {
      const message = Buffer.from("message");
      const signature = sign("RSA_2048", algorithm, privateKey, message, "RAW");
      const tampered = Buffer.from(signature);
      tampered[10]! ^= 1;
      const digest = createHash(hashOf(algorithm)).update(message).digest();
      assert.equal(verify("RSA_2048", algorithm, publicKey, message, "RAW", tampered), false);
      assert.equal(verify("RSA_2048", algorithm, publicKey, digest, "DIGEST", tampered), false);
      assert.equal(verify("RSA_2048", algorithm, publicKey, Buffer.from("massage"), "RAW", signature), false);
      assert.equal(verify("RSA_2048", algorithm, publicKey, message, "RAW", signature.subarray(1)), false);
      assert.equal(verify("RSA_2048", algorithm, publicKey, message, "RAW", Buffer.alloc(0)), false);
      assert.equal(verify("RSA_3072", algorithm, key("RSA_3072").publicKey, message, "RAW", signature), false);
    }
    // A PSS signature is not a PKCS#1 v1.5 one, nor the other way round.
    const pss = sign("RSA_2048", "RSASSA_PSS_SHA_256", privateKey, Buffer.from("m"), "RAW");
    assert.equal(verify("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", publicKey, Buffer.from("m"), "RAW", pss), false);
  });

  test("a digest of the wrong length, or an algorithm or message type the spec lacks, is a KeyOperationError", async () => {
    const { privateKey, publicKey } = key("RSA_2048");
    const wrongLength = (error: unknown) => error instanceof KeyOperationError && error.reason === "invalid-message";
    assert.throws(() => sign("RSA_2048", "RSASSA_PSS_SHA_384", privateKey, Buffer.alloc(32), "DIGEST"), wrongLength);
    assert.throws(() => verify("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_256", publicKey, Buffer.alloc(33), "DIGEST", Buffer.alloc(256)), wrongLength);
    const incompatible = (error: unknown) => error instanceof KeyOperationError && error.reason === "incompatible-algorithm";
    assert.throws(() => sign("RSA_2048", "ECDSA_SHA_256", privateKey, Buffer.from("m"), "RAW"), incompatible);
    assert.throws(() => sign("RSA_2048", "RSASSA_PSS_SHA_256", privateKey, Buffer.alloc(64), "EXTERNAL_MU"), incompatible);
    assert.throws(() => verify("RSA_2048", "RSASSA_PSS_SHA_256", Buffer.from("not der"), Buffer.from("m"), "RAW", Buffer.alloc(256)), KeyOperationError);
  });
});

describe("RSA OAEP", () => {
  const ALGORITHMS: readonly AsymmetricEncryptionAlgorithm[] = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];
  const oaepHash = (algorithm: AsymmetricEncryptionAlgorithm) => (algorithm === "RSAES_OAEP_SHA_1" ? "sha1" : "sha256");

  test("plaintext limits are AWS's table", async () => {
    const limits = SPECS.map((spec) => ALGORITHMS.map((algorithm) => maxAsymmetricPlaintext(spec, algorithm)));
    assert.deepEqual(limits, [[214, 190], [342, 318], [470, 446]]);
    assert.throws(() => maxAsymmetricPlaintext("ECC_NIST_P256", "RSAES_OAEP_SHA_1"), KeyOperationError);
  });

  for (const spec of SPECS) {
    for (const algorithm of ALGORITHMS) {
      test(`${spec} ${algorithm}: round trip at the limit; one byte more is refused`, async () => {
        const { privateKey, publicKey } = key(spec);
        const limit = maxAsymmetricPlaintext(spec, algorithm);
        const plaintext = SecretBytes.copyOf(randomBytes(limit));
        const ciphertext = asymmetricEncrypt(spec, algorithm, publicKey, plaintext);
        assert.equal(ciphertext.length, Number(spec.slice(4)) / 8);
        const opened = asymmetricDecrypt(spec, algorithm, privateKey, ciphertext);
        assert.ok(opened);
        assert.ok(opened.use((a) => plaintext.use((b) => a.equals(b))));
        const tooLong = SecretBytes.copyOf(Buffer.alloc(limit + 1));
        assert.throws(() => asymmetricEncrypt(spec, algorithm, publicKey, tooLong), (e: unknown) => e instanceof KeyOperationError && e.reason === "invalid-message");
      });
    }
  }

  for (const algorithm of ALGORITHMS) {
    test(`RSA_2048 ${algorithm}: openssl and node:crypto encrypt to us, and decrypt what we encrypt`, async () => {
      const { privateKey, publicKey } = key("RSA_2048");
      const md = oaepHash(algorithm);
      const secret = Buffer.from("a secret for the other side");
      const files = { "pub.pem": pem(publicKey), "pt.bin": secret };
      assert.ok(openssl(["pkeyutl", "-encrypt", "-pubin", "-inkey", "pub.pem", "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", `rsa_oaep_md:${md}`, "-pkeyopt", `rsa_mgf1_md:${md}`, "-in", "pt.bin", "-out", "ct.bin"], files));
      const fromOpenssl = asymmetricDecrypt("RSA_2048", algorithm, privateKey, scratch.read("ct.bin"));
      assert.deepEqual(fromOpenssl?.use((b) => Buffer.from(b)), secret);
      const fromNode = publicEncrypt({ key: createPublicKey({ key: publicKey, format: "der", type: "spki" }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: md }, secret);
      assert.deepEqual(asymmetricDecrypt("RSA_2048", algorithm, privateKey, fromNode)?.use((b) => Buffer.from(b)), secret);
      const ours = asymmetricEncrypt("RSA_2048", algorithm, publicKey, SecretBytes.copyOf(secret));
      const privateKeyObject = privateKey.use((der) => createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
      assert.deepEqual(privateDecrypt({ key: privateKeyObject, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: md }, ours), secret);
      // The other hash does not open it: the algorithm is part of the ciphertext's meaning.
      const other = algorithm === "RSAES_OAEP_SHA_1" ? "RSAES_OAEP_SHA_256" : "RSAES_OAEP_SHA_1";
      assert.equal(asymmetricDecrypt("RSA_2048", other, privateKey, ours), undefined);
    });
  }

  test("tampered, truncated or foreign ciphertexts give undefined", async () => {
    const { privateKey, publicKey } = key("RSA_2048");
    const ciphertext = asymmetricEncrypt("RSA_2048", "RSAES_OAEP_SHA_256", publicKey, SecretBytes.fromUtf8("hello"));
    const tampered = Buffer.from(ciphertext);
    tampered[100]! ^= 0x40;
    assert.equal(asymmetricDecrypt("RSA_2048", "RSAES_OAEP_SHA_256", privateKey, tampered), undefined);
    assert.equal(asymmetricDecrypt("RSA_2048", "RSAES_OAEP_SHA_256", privateKey, ciphertext.subarray(1)), undefined);
    assert.equal(asymmetricDecrypt("RSA_2048", "RSAES_OAEP_SHA_256", privateKey, Buffer.alloc(256)), undefined);
    const foreign = asymmetricEncrypt("RSA_3072", "RSAES_OAEP_SHA_256", key("RSA_3072").publicKey, SecretBytes.fromUtf8("hello"));
    assert.equal(asymmetricDecrypt("RSA_2048", "RSAES_OAEP_SHA_256", privateKey, foreign.subarray(0, 256)), undefined);
  });

  test("a public key of another spec is a KeyOperationError", async () => {
    assert.throws(
      () => asymmetricEncrypt("RSA_2048", "RSAES_OAEP_SHA_1", key("RSA_3072").publicKey, SecretBytes.fromUtf8("x")),
      (e: unknown) => e instanceof KeyOperationError && e.reason === "invalid-public-key",
    );
  });
});
