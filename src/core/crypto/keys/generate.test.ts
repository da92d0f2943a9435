import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPrivateKey, createPublicKey, randomBytes } from "node:crypto";
import { KeySpec as SdkKeySpec, KeyUsageType, SigningAlgorithmSpec, MacAlgorithmSpec } from "@aws-sdk/client-kms";
import { SecretBytes } from "../../secret-bytes.js";
import {
  digestLength,
  ENCAPSULATION_ALGORITHMS,
  ENCRYPTION_ALGORITHMS,
  generateKeyMaterial,
  KEY_AGREEMENT_ALGORITHMS,
  KEY_USAGES,
  KeyOperationError,
  MAC_ALGORITHMS,
  MESSAGE_TYPES,
  publicKeyOf,
  sign,
  SIGNING_ALGORITHMS,
  type GeneratedKeySpec,
  type KeySpec,
} from "./index.js";

// RSA_3072 and RSA_4096 are generated (once) in rsa.test.ts; RSA_2048 stands for RSA here.
const SPECS: readonly GeneratedKeySpec[] = [
  "RSA_2048", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519",
  "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024",
];
const NODE_TYPE: Partial<Record<KeySpec, [string, string?]>> = {
  RSA_2048: ["rsa"],
  ECC_NIST_P256: ["ec", "prime256v1"],
  ECC_NIST_P384: ["ec", "secp384r1"],
  ECC_NIST_P521: ["ec", "secp521r1"],
  ECC_SECG_P256K1: ["ec", "secp256k1"],
  ECC_NIST_EDWARDS25519: ["ed25519"],
};
const reveal = (secret: SecretBytes) => secret.use((b) => Buffer.from(b));

/** A deterministic random port that records what it handed out. */
function fixedRandom(fill: number) {
  const handedOut: Buffer[] = [];
  const port = (n: number) => {
    const bytes = createHash("sha512").update(Buffer.from([fill])).digest();
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = bytes[i % 64]! ^ i;
    handedOut.push(out);
    return out;
  };
  return { port, handedOut };
}

describe("generateKeyMaterial", () => {
  for (const spec of SPECS) {
    test(`${spec}: private key in its documented encoding; publicKeyOf gives the same SPKI`, async () => {
      const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
      if (spec.startsWith("HMAC")) {
        assert.equal(publicKey, undefined);
        assert.throws(() => publicKeyOf(spec, privateKey), KeyOperationError);
        return;
      }
      assert.ok(publicKey);
      assert.deepEqual(publicKeyOf(spec, privateKey), publicKey);
      const expected = NODE_TYPE[spec];
      if (expected) {
        const key = privateKey.use((der) => createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
        assert.equal(key.asymmetricKeyType, expected[0]);
        assert.equal(key.asymmetricKeyDetails?.namedCurve, expected[1]);
        assert.deepEqual(createPublicKey(key).export({ format: "der", type: "spki" }), publicKey);
      }
      privateKey.dispose();
    });
  }

  test("everything but RSA comes from the random port: same randomness, same keys; other randomness, other keys", async () => {
    for (const spec of SPECS.filter((s) => s !== "RSA_2048")) {
      const a = await generateKeyMaterial(spec, fixedRandom(1).port);
      const b = await generateKeyMaterial(spec, fixedRandom(1).port);
      const c = await generateKeyMaterial(spec, fixedRandom(2).port);
      assert.deepEqual(reveal(a.privateKey), reveal(b.privateKey), spec);
      assert.deepEqual(a.publicKey, b.publicKey, spec);
      assert.notDeepEqual(reveal(a.privateKey), reveal(c.privateKey), spec);
    }
  });

  test("the random bytes it was handed are wiped once used", async () => {
    for (const spec of SPECS.filter((s) => s !== "RSA_2048")) {
      const { port, handedOut } = fixedRandom(3);
      (await generateKeyMaterial(spec, port)).privateKey.dispose();
      assert.ok(handedOut.length > 0, spec);
      for (const bytes of handedOut) assert.ok(bytes.every((byte) => byte === 0), `${spec} left random bytes unwiped`);
    }
  });

  test("an Ed25519 private key is the 48-byte RFC 8410 PKCS#8 of its seed", async () => {
    const { privateKey } = await generateKeyMaterial("ECC_NIST_EDWARDS25519", fixedRandom(4).port);
    const der = reveal(privateKey);
    assert.equal(der.length, 48);
    assert.equal(der.subarray(0, 16).toString("hex"), "302e020100300506032b657004220420");
    const canonical = createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "der", type: "pkcs8" });
    assert.deepEqual(canonical, der);
  });

  test("SM2 is not offered", async () => {
    assert.throws(() => publicKeyOf("SM2", SecretBytes.copyOf(Buffer.alloc(32))), (e: unknown) => e instanceof KeyOperationError && e.reason === "unsupported");
    assert.throws(() => sign("SM2", "SM2DSA", SecretBytes.copyOf(Buffer.alloc(32)), Buffer.from("m"), "RAW"), (e: unknown) => e instanceof KeyOperationError && e.reason === "unsupported");
  });
});

describe("AWS's matrix", () => {
  test("covers every KeySpec, KeyUsageType, SigningAlgorithmSpec and MacAlgorithmSpec of the AWS SDK", async () => {
    assert.deepEqual(Object.keys(KEY_USAGES).sort(), Object.values(SdkKeySpec).sort());
    assert.deepEqual([...new Set(Object.values(KEY_USAGES).flat())].sort(), Object.values(KeyUsageType).sort());
    assert.deepEqual([...new Set(Object.values(SIGNING_ALGORITHMS).flat())].sort(), Object.values(SigningAlgorithmSpec).sort());
    assert.deepEqual(Object.keys(MESSAGE_TYPES).sort(), Object.values(SigningAlgorithmSpec).sort());
    assert.deepEqual([...new Set(Object.values(MAC_ALGORITHMS).flat())].sort(), Object.values(MacAlgorithmSpec).sort());
  });

  test("a spec has algorithms for a usage exactly when it offers that usage", async () => {
    for (const spec of Object.keys(KEY_USAGES) as KeySpec[]) {
      const usages = KEY_USAGES[spec];
      assert.equal(SIGNING_ALGORITHMS[spec].length > 0, usages.includes("SIGN_VERIFY"), `${spec} signing`);
      assert.equal(ENCRYPTION_ALGORITHMS[spec].length > 0, usages.includes("ENCRYPT_DECRYPT"), `${spec} encryption`);
      assert.equal(MAC_ALGORITHMS[spec].length > 0, usages.includes("GENERATE_VERIFY_MAC"), `${spec} mac`);
      assert.equal(KEY_AGREEMENT_ALGORITHMS[spec].length > 0, usages.includes("KEY_AGREEMENT"), `${spec} key agreement`);
      assert.equal(ENCAPSULATION_ALGORITHMS[spec].length > 0, usages.includes("ENCAPSULATE_DECAPSULATE"), `${spec} encapsulation`);
    }
  });

  test("the AWS facts it encodes", async () => {
    assert.deepEqual(KEY_USAGES.ECC_SECG_P256K1, ["SIGN_VERIFY"]);
    assert.deepEqual(KEY_USAGES.ECC_NIST_EDWARDS25519, ["SIGN_VERIFY"]);
    assert.deepEqual(KEY_USAGES.ECC_NIST_P384, ["SIGN_VERIFY", "KEY_AGREEMENT"]);
    assert.deepEqual(KEY_USAGES.RSA_4096, ["ENCRYPT_DECRYPT", "SIGN_VERIFY"]);
    assert.deepEqual(KEY_USAGES.ML_KEM_768, ["ENCAPSULATE_DECAPSULATE"]);
    assert.deepEqual(ENCRYPTION_ALGORITHMS.RSA_2048, ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]);
    assert.deepEqual(SIGNING_ALGORITHMS.ECC_SECG_P256K1, ["ECDSA_SHA_256"]);
    assert.deepEqual(SIGNING_ALGORITHMS.ECC_NIST_P521, ["ECDSA_SHA_512"]);
    assert.deepEqual(MESSAGE_TYPES.ED25519_SHA_512, ["RAW"]);
    assert.deepEqual(MESSAGE_TYPES.ED25519_PH_SHA_512, ["DIGEST"]);
    assert.deepEqual(MESSAGE_TYPES.ML_DSA_SHAKE_256, ["RAW", "EXTERNAL_MU"]);
    const lengths = Object.fromEntries(Object.keys(MESSAGE_TYPES).map((a) => [a, digestLength(a as keyof typeof MESSAGE_TYPES)]));
    assert.deepEqual(lengths, {
      RSASSA_PSS_SHA_256: 32, RSASSA_PSS_SHA_384: 48, RSASSA_PSS_SHA_512: 64,
      RSASSA_PKCS1_V1_5_SHA_256: 32, RSASSA_PKCS1_V1_5_SHA_384: 48, RSASSA_PKCS1_V1_5_SHA_512: 64,
      ECDSA_SHA_256: 32, ECDSA_SHA_384: 48, ECDSA_SHA_512: 64,
      ED25519_SHA_512: 64, ED25519_PH_SHA_512: 64, ML_DSA_SHAKE_256: 64, SM2DSA: 32,
    });
  });
});
