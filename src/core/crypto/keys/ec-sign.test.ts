import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { ed25519ph } from "@noble/curves/ed25519.js";
import { OpensslScratch } from "../../../../test/helpers/openssl.js";
import { SecretBytes } from "../../secret-bytes.js";
import { generateKeyMaterial, KeyOperationError, sign, SIGNING_ALGORITHMS, verify, verifyOffLoop, type SigningAlgorithm } from "./index.js";

const ECDSA_SPECS = ["ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1"] as const;
const NODE_CURVE = { ECC_NIST_P256: "prime256v1", ECC_NIST_P384: "secp384r1", ECC_NIST_P521: "secp521r1", ECC_SECG_P256K1: "secp256k1" } as const;
const hashOf = (algorithm: SigningAlgorithm) => (algorithm.endsWith("256") ? "sha256" : algorithm.endsWith("384") ? "sha384" : "sha512");

let scratch: OpensslScratch;
before(() => {
  scratch = new OpensslScratch("strongbox-ec-");
});
after(() => scratch.remove());

const openssl = (args: string[], files: Record<string, Buffer | string>): boolean => scratch.run(args, files);
const publicKeyObject = (spki: Buffer) => createPublicKey({ key: spki, format: "der", type: "spki" });
const privateKeyObject = (secret: SecretBytes) => secret.use((der) => createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
const pem = (spki: Buffer) => publicKeyObject(spki).export({ format: "pem", type: "spki" });

describe("ECDSA", () => {
  test("verifyOffLoop (the thread pool) answers as verify does: valid, tampered, truncated, not DER, another key's", async () => {
    for (const spec of ECDSA_SPECS) {
      for (const algorithm of SIGNING_ALGORITHMS[spec] as SigningAlgorithm[]) {
        const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
        const other = await generateKeyMaterial(spec, randomBytes);
        const message = randomBytes(64);
        const signature = sign(spec, algorithm, privateKey, message, "RAW");
        const tampered = Buffer.from(signature);
        tampered[tampered.length - 1]! ^= 1;
        const cases: [Buffer, Buffer, boolean][] = [
          [publicKey!, signature, true],
          [publicKey!, tampered, false],
          [publicKey!, signature.subarray(0, signature.length - 3), false],
          [publicKey!, Buffer.from("not a signature"), false],
          [publicKey!, Buffer.alloc(0), false],
          [other.publicKey!, signature, false],
        ];
        for (const [key, candidate, expected] of cases) {
          assert.equal(await verifyOffLoop(spec, algorithm, key, message, "RAW", candidate), expected, `${spec} ${algorithm}`);
          assert.equal(verify(spec, algorithm, key, message, "RAW", candidate), expected);
        }
        assert.equal(await verifyOffLoop(spec, algorithm, publicKey!, Buffer.from(message).fill(0, 0, 1), "RAW", signature), message[0] === 0);
      }
    }
  });

  for (const spec of ECDSA_SPECS) {
    const [algorithm] = SIGNING_ALGORITHMS[spec] as [SigningAlgorithm];
    test(`${spec} ${algorithm}: RAW and DIGEST round trip; node:crypto and openssl verify both`, async () => {
      const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
      assert.equal(privateKeyObject(privateKey).asymmetricKeyDetails?.namedCurve, NODE_CURVE[spec]);
      const message = randomBytes(200);
      const digest = createHash(hashOf(algorithm)).update(message).digest();
      const fromRaw = sign(spec, algorithm, privateKey, message, "RAW");
      const fromDigest = sign(spec, algorithm, privateKey, digest, "DIGEST");
      for (const signature of [fromRaw, fromDigest]) {
        assert.equal(signature[0], 0x30, "DER SEQUENCE");
        assert.equal(verify(spec, algorithm, publicKey!, message, "RAW", signature), true);
        assert.equal(verify(spec, algorithm, publicKey!, digest, "DIGEST", signature), true);
        assert.equal(nodeVerify(hashOf(algorithm), message, { key: publicKeyObject(publicKey!), dsaEncoding: "der" }, signature), true);
        const files = { "pub.pem": pem(publicKey!), "msg.bin": message, "digest.bin": digest, "sig.bin": signature };
        assert.ok(openssl(["dgst", `-${hashOf(algorithm)}`, "-verify", "pub.pem", "-signature", "sig.bin", "msg.bin"], files));
        assert.ok(openssl(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-in", "digest.bin", "-sigfile", "sig.bin"], {}));
      }
      const theirs = nodeSign(hashOf(algorithm), message, { key: privateKeyObject(privateKey), dsaEncoding: "der" });
      assert.equal(verify(spec, algorithm, publicKey!, message, "RAW", theirs), true);
      assert.equal(verify(spec, algorithm, publicKey!, digest, "DIGEST", theirs), true);
      privateKey.dispose();
    });
  }

  test("tampered signatures and other messages are false; bad digest lengths and foreign algorithms throw", async () => {
    const { privateKey, publicKey } = await generateKeyMaterial("ECC_NIST_P256", randomBytes);
    const message = Buffer.from("message");
    const digest = createHash("sha256").update(message).digest();
    for (const messageType of ["RAW", "DIGEST"] as const) {
      const input = messageType === "RAW" ? message : digest;
      const signature = sign("ECC_NIST_P256", "ECDSA_SHA_256", privateKey, input, messageType);
      const tampered = Buffer.from(signature);
      tampered[tampered.length - 3]! ^= 0x01;
      assert.equal(verify("ECC_NIST_P256", "ECDSA_SHA_256", publicKey!, input, messageType, tampered), false);
      assert.equal(verify("ECC_NIST_P256", "ECDSA_SHA_256", publicKey!, input, messageType, Buffer.from("garbage")), false);
      const other = messageType === "RAW" ? Buffer.from("massage") : createHash("sha256").update("massage").digest();
      assert.equal(verify("ECC_NIST_P256", "ECDSA_SHA_256", publicKey!, other, messageType, signature), false);
    }
    assert.throws(() => sign("ECC_NIST_P256", "ECDSA_SHA_256", privateKey, Buffer.alloc(48), "DIGEST"), (e: unknown) => e instanceof KeyOperationError && e.reason === "invalid-message");
    assert.throws(() => sign("ECC_NIST_P256", "ECDSA_SHA_384", privateKey, message, "RAW"), (e: unknown) => e instanceof KeyOperationError && e.reason === "incompatible-algorithm");
    // A stored key of another curve is a fault, on either path.
    assert.throws(() => sign("ECC_SECG_P256K1", "ECDSA_SHA_256", privateKey, message, "RAW"), /not a ECC_SECG_P256K1 key/);
    assert.throws(() => sign("ECC_SECG_P256K1", "ECDSA_SHA_256", privateKey, digest, "DIGEST"), /not a key on this curve/);
    const k1 = await generateKeyMaterial("ECC_SECG_P256K1", randomBytes);
    assert.throws(() => verify("ECC_NIST_P256", "ECDSA_SHA_256", k1.publicKey!, message, "RAW", Buffer.alloc(70)), (e: unknown) => e instanceof KeyOperationError && e.reason === "invalid-public-key");
    privateKey.dispose();
    k1.privateKey.dispose();
  });
});

describe("Ed25519", () => {
  test("ED25519_SHA_512 (RAW): round trip; node:crypto and openssl verify ours, we verify node's", async () => {
    const { privateKey, publicKey } = await generateKeyMaterial("ECC_NIST_EDWARDS25519", randomBytes);
    const message = randomBytes(500);
    const signature = sign("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", privateKey, message, "RAW");
    assert.equal(signature.length, 64);
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", publicKey!, message, "RAW", signature), true);
    assert.equal(nodeVerify(null, message, publicKeyObject(publicKey!), signature), true);
    assert.ok(openssl(["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg.bin", "-sigfile", "sig.bin"], { "pub.pem": pem(publicKey!), "msg.bin": message, "sig.bin": signature }));
    const theirs = nodeSign(null, message, privateKeyObject(privateKey));
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", publicKey!, message, "RAW", theirs), true);
    const tampered = Buffer.from(signature);
    tampered[5]! ^= 0x80;
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", publicKey!, message, "RAW", tampered), false);
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", publicKey!, message, "RAW", signature.subarray(1)), false);
    // AWS: ED25519_SHA_512 requires RAW.
    assert.throws(() => sign("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", privateKey, Buffer.alloc(64), "DIGEST"), (e: unknown) => e instanceof KeyOperationError && e.reason === "incompatible-algorithm");
    privateKey.dispose();
  });

  test("the library's Ed25519ph is RFC 8032's (§7.3 test vector 'abc')", async () => {
    const secret = Buffer.from("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42", "hex");
    assert.equal(Buffer.from(ed25519ph.getPublicKey(secret)).toString("hex"), "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf");
    assert.equal(
      Buffer.from(ed25519ph.sign(Buffer.from("abc"), secret)).toString("hex"),
      "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
    );
  });

  test("ED25519_PH_SHA_512 (DIGEST): Ed25519ph of the 64-byte digest, as AWS hashes it once more", async () => {
    // The RFC 8032 key, imported as the PKCS#8 we store.
    const seed = Buffer.from("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42", "hex");
    const publicRaw = Buffer.from("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", "hex");
    const jwk = { kty: "OKP", crv: "Ed25519", d: seed.toString("base64url"), x: publicRaw.toString("base64url") };
    const privateKey = SecretBytes.adopt(createPrivateKey({ key: jwk, format: "jwk" }).export({ format: "der", type: "pkcs8" }));
    const publicKey = createPublicKey({ key: jwk, format: "jwk" }).export({ format: "der", type: "spki" });
    const digest = createHash("sha512").update("a long document").digest();
    const signature = sign("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", privateKey, digest, "DIGEST");
    // Deterministic: exactly the library's Ed25519ph over the digest, which it verifies too.
    assert.deepEqual(signature, Buffer.from(ed25519ph.sign(digest, seed)));
    assert.equal(ed25519ph.verify(signature, digest, publicRaw), true);
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", publicKey, digest, "DIGEST", signature), true);
    // Not a plain Ed25519 signature of the digest (the prehash flag is in the domain separation).
    assert.equal(nodeVerify(null, digest, publicKeyObject(publicKey), signature), false);
    const tampered = Buffer.from(signature);
    tampered[40]! ^= 1;
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", publicKey, digest, "DIGEST", tampered), false);
    const otherDigest = createHash("sha512").update("another document").digest();
    assert.equal(verify("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", publicKey, otherDigest, "DIGEST", signature), false);
    // AWS: ED25519_PH_SHA_512 requires DIGEST, of SHA-512's length.
    assert.throws(() => sign("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", privateKey, Buffer.from("raw"), "RAW"), (e: unknown) => e instanceof KeyOperationError && e.reason === "incompatible-algorithm");
    assert.throws(() => sign("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", privateKey, digest.subarray(0, 32), "DIGEST"), (e: unknown) => e instanceof KeyOperationError && e.reason === "invalid-message");
    privateKey.dispose();
  });
});
