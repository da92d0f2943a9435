import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { sha512 } from "@noble/hashes/sha2.js";
import { shake256 } from "@noble/hashes/sha3.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { generateKeyMaterial, KeyOperationError, publicKeyOf, sign, verify } from "./index.js";

const SPECS = {
  ML_DSA_44: { impl: ml_dsa44, oid: "2.16.840.1.101.3.4.3.17", publicKey: 1312, signature: 2420 },
  ML_DSA_65: { impl: ml_dsa65, oid: "2.16.840.1.101.3.4.3.18", publicKey: 1952, signature: 3309 },
  ML_DSA_87: { impl: ml_dsa87, oid: "2.16.840.1.101.3.4.3.19", publicKey: 2592, signature: 4627 },
} as const;
type Spec = keyof typeof SPECS;

/** The raw key: the BIT STRING starts at offset 17 (AWS's `openssl asn1parse -strparse 17`), its content at 22. */
const rawKey = (spki: Buffer) => spki.subarray(22);
/** μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64): FIPS 204 §6.2 with an empty context, as AWS's offline example computes it. */
const mu = (rawPublicKey: Uint8Array, message: Buffer) =>
  Buffer.from(shake256(Buffer.concat([shake256(rawPublicKey, { dkLen: 64 }), Buffer.from([0, 0]), message]), { dkLen: 64 }));
const isReason = (reason: string) => (error: unknown) => error instanceof KeyOperationError && error.reason === reason;

for (const [spec, { impl, publicKey: pkBytes, signature: sigBytes }] of Object.entries(SPECS) as [Spec, (typeof SPECS)[Spec]][]) {
  test(`${spec}: RAW and EXTERNAL_MU signatures are pure ML-DSA signatures the library verifies`, async () => {
    const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
    assert.deepEqual(publicKeyOf(spec, privateKey), publicKey);
    const raw = rawKey(publicKey!);
    assert.equal(raw.length, pkBytes);
    const message = randomBytes(3000);
    const fromRaw = sign(spec, "ML_DSA_SHAKE_256", privateKey, message, "RAW");
    const fromMu = sign(spec, "ML_DSA_SHAKE_256", privateKey, mu(raw, message), "EXTERNAL_MU");
    for (const signature of [fromRaw, fromMu]) {
      assert.equal(signature.length, sigBytes);
      assert.equal(impl.verify(signature, message, raw), true);
      assert.equal(verify(spec, "ML_DSA_SHAKE_256", publicKey!, message, "RAW", signature), true);
      assert.equal(verify(spec, "ML_DSA_SHAKE_256", publicKey!, mu(raw, message), "EXTERNAL_MU", signature), true);
    }
    privateKey.dispose();
  });
}

test("ML_DSA_44 key generation matches NIST's ACVP keyGen vector (tcId 1)", async () => {
  const seed = Buffer.from("079EAB79AB14747CA01582B59F2624191B0C59FA219CDEB79F66669DAF0E695E", "hex");
  const { publicKey } = await generateKeyMaterial("ML_DSA_44", (n) => (assert.equal(n, 32), Buffer.from(seed)));
  const raw = rawKey(publicKey!);
  assert.equal(raw.subarray(0, 16).toString("hex").toUpperCase(), "65406F1F72E6D3485C8F8AAEA6F44E59");
  assert.equal(createHash("sha256").update(raw).digest("hex"), "abd86d76cc983b72f3d7fd10d80fdc04fb751001e3971eabc9595763c218f90e");
});

test("the SPKI is the one AWS documents: id-ml-dsa OID, no parameters, key at offset 17 (openssl parses it)", async () => {
  for (const [spec, { oid, publicKey: pkBytes }] of Object.entries(SPECS) as [Spec, (typeof SPECS)[Spec]][]) {
    const { publicKey } = await generateKeyMaterial(spec, randomBytes);
    const parsed = execFileSync("openssl", ["asn1parse", "-inform", "DER"], { input: publicKey! }).toString();
    assert.match(parsed, new RegExp(`OBJECT\\s+:${oid.replaceAll(".", "\\.")}`));
    assert.match(parsed, /BIT STRING/);
    const bitString = execFileSync("openssl", ["asn1parse", "-inform", "DER", "-strparse", "17", "-noout", "-out", "-"], { input: publicKey! });
    assert.equal(bitString.length, pkBytes);
  }
});

test("we verify signatures made by the library directly", async () => {
  const { privateKey, publicKey } = await generateKeyMaterial("ML_DSA_65", randomBytes);
  const seed = Buffer.from(randomBytes(32));
  const theirs = ml_dsa65.keygen(seed);
  const spki = Buffer.concat([publicKey!.subarray(0, publicKey!.length - 1952), theirs.publicKey]);
  const message = Buffer.from("from the other side");
  const signature = ml_dsa65.sign(message, theirs.secretKey);
  assert.equal(verify("ML_DSA_65", "ML_DSA_SHAKE_256", spki, message, "RAW", Buffer.from(signature)), true);
  // HashML-DSA (FIPS 204 §5.4) is a different scheme: its signatures are not ML_DSA_SHAKE_256 ones.
  const prehashed = ml_dsa65.prehash(sha512).sign(message, theirs.secretKey);
  assert.equal(verify("ML_DSA_65", "ML_DSA_SHAKE_256", spki, message, "RAW", Buffer.from(prehashed)), false);
  privateKey.dispose();
});

test("tampered signatures, other messages and other μ are false; bad inputs throw", async () => {
  const { privateKey, publicKey } = await generateKeyMaterial("ML_DSA_44", randomBytes);
  const message = Buffer.from("message");
  const signature = sign("ML_DSA_44", "ML_DSA_SHAKE_256", privateKey, message, "RAW");
  const tampered = Buffer.from(signature);
  tampered[100]! ^= 1;
  assert.equal(verify("ML_DSA_44", "ML_DSA_SHAKE_256", publicKey!, message, "RAW", tampered), false);
  assert.equal(verify("ML_DSA_44", "ML_DSA_SHAKE_256", publicKey!, Buffer.from("massage"), "RAW", signature), false);
  assert.equal(verify("ML_DSA_44", "ML_DSA_SHAKE_256", publicKey!, message, "RAW", signature.subarray(1)), false);
  assert.equal(verify("ML_DSA_44", "ML_DSA_SHAKE_256", publicKey!, randomBytes(64), "EXTERNAL_MU", signature), false);
  assert.throws(() => sign("ML_DSA_44", "ML_DSA_SHAKE_256", privateKey, randomBytes(63), "EXTERNAL_MU"), isReason("invalid-message"));
  assert.throws(() => sign("ML_DSA_44", "ML_DSA_SHAKE_256", privateKey, randomBytes(64), "DIGEST"), isReason("incompatible-algorithm"));
  assert.throws(() => sign("ML_DSA_44", "ECDSA_SHA_256", privateKey, message, "RAW"), isReason("incompatible-algorithm"));
  const other = await generateKeyMaterial("ML_DSA_65", randomBytes);
  assert.throws(() => verify("ML_DSA_44", "ML_DSA_SHAKE_256", other.publicKey!, message, "RAW", signature), isReason("invalid-public-key"));
  assert.throws(() => sign("ML_DSA_44", "ML_DSA_SHAKE_256", other.privateKey, message, "RAW"), /not this key type/);
  privateKey.dispose();
  other.privateKey.dispose();
});
