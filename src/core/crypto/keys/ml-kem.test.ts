import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { ml_kem1024, ml_kem512, ml_kem768 } from "@noble/post-quantum/ml-kem.js";
import { decapsulate, encapsulate, generateKeyMaterial, KeyOperationError, publicKeyOf } from "./index.js";

const SPECS = {
  ML_KEM_512: { impl: ml_kem512, oid: "2.16.840.1.101.3.4.4.1", publicKey: 800, ciphertext: 768 },
  ML_KEM_768: { impl: ml_kem768, oid: "2.16.840.1.101.3.4.4.2", publicKey: 1184, ciphertext: 1088 },
  ML_KEM_1024: { impl: ml_kem1024, oid: "2.16.840.1.101.3.4.4.3", publicKey: 1568, ciphertext: 1568 },
} as const;
type Spec = keyof typeof SPECS;
const entries = Object.entries(SPECS) as [Spec, (typeof SPECS)[Spec]][];
const rawKey = (spki: Buffer) => spki.subarray(22);
const reveal = (secret: { use<T>(fn: (b: Buffer) => T): T }) => secret.use((b) => Buffer.from(b));
const isReason = (reason: string) => (error: unknown) => error instanceof KeyOperationError && error.reason === reason;

for (const [spec, { impl, publicKey: pkBytes, ciphertext: ctBytes }] of entries) {
  test(`${spec}: we decapsulate what the library encapsulates to our key, and it decapsulates ours`, async () => {
    const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
    assert.deepEqual(publicKeyOf(spec, privateKey), publicKey);
    assert.equal(rawKey(publicKey!).length, pkBytes);

    const theirs = impl.encapsulate(rawKey(publicKey!));
    assert.deepEqual(reveal(decapsulate(spec, privateKey, Buffer.from(theirs.cipherText))), Buffer.from(theirs.sharedSecret));

    const ours = encapsulate(spec, publicKey!);
    assert.equal(ours.ciphertext.length, ctBytes);
    assert.equal(ours.sharedSecret.length, 32);
    assert.deepEqual(reveal(decapsulate(spec, privateKey, ours.ciphertext)), reveal(ours.sharedSecret));
    // The stored key is the seed d ‖ z of FIPS 203: the library expands it to the same key pair.
    const seed = privateKey.use((der) => Buffer.from(der.subarray(der.length - 64)));
    const expanded = impl.keygen(seed);
    assert.deepEqual(Buffer.from(expanded.publicKey), rawKey(publicKey!));
    assert.deepEqual(Buffer.from(impl.decapsulate(ours.ciphertext, expanded.secretKey)), reveal(ours.sharedSecret));
    privateKey.dispose();
  });
}

test("ML_KEM_512 key generation matches NIST's ACVP keyGen vector (tcId 1)", async () => {
  const d = "CDF4E658BDD4636F09F70BD76CE6D1AF028562586EF237C7481033EE03C31FF2";
  const z = "38CD80FE6CD34678DE86E55E145BAF191B675C19C485C54EF3522C044D42F6EE";
  const { publicKey } = await generateKeyMaterial("ML_KEM_512", (n) => (assert.equal(n, 64), Buffer.from(d + z, "hex")));
  const raw = rawKey(publicKey!);
  assert.equal(raw.subarray(0, 16).toString("hex").toUpperCase(), "B1B5987867073BA270695AB4FC076975");
  assert.equal(createHash("sha256").update(raw).digest("hex"), "adcb5bbcc7dc6c4930ff09720a1a8f92dbe0c2b84f2dcef01d303bf0c0d0fb57");
});

test("public and private keys are the RFC 9935 SPKI and seed-only PKCS#8 (openssl parses both)", async () => {
  for (const [spec, { oid }] of entries) {
    const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
    const spki = execFileSync("openssl", ["asn1parse", "-inform", "DER"], { input: publicKey! }).toString();
    assert.match(spki, new RegExp(`OBJECT\\s+:${oid.replaceAll(".", "\\.")}`));
    const pkcs8 = privateKey.use((der) => {
      assert.equal(der.length, 86);
      assert.equal(der.subarray(0, 5).toString("hex"), "3054020100");
      assert.equal(der.subarray(18, 22).toString("hex"), "04428040");
      return execFileSync("openssl", ["asn1parse", "-inform", "DER"], { input: der }).toString();
    });
    assert.match(pkcs8, new RegExp(`OBJECT\\s+:${oid.replaceAll(".", "\\.")}`));
    privateKey.dispose();
  }
});

test("encapsulation takes its message from the random port when given, and wipes it", async () => {
  const { privateKey, publicKey } = await generateKeyMaterial("ML_KEM_768", randomBytes);
  const m = Buffer.alloc(32, 0x42);
  let handedOut: Buffer | undefined;
  const ours = encapsulate("ML_KEM_768", publicKey!, (n) => (assert.equal(n, 32), (handedOut = Buffer.from(m))));
  const expected = ml_kem768.encapsulate(rawKey(publicKey!), m);
  assert.deepEqual(ours.ciphertext, Buffer.from(expected.cipherText));
  assert.deepEqual(reveal(ours.sharedSecret), Buffer.from(expected.sharedSecret));
  assert.deepEqual(handedOut, Buffer.alloc(32));
  privateKey.dispose();
});

test("a tampered ciphertext yields another secret (implicit rejection); a wrong length is refused", async () => {
  const { privateKey, publicKey } = await generateKeyMaterial("ML_KEM_768", randomBytes);
  const { ciphertext, sharedSecret } = encapsulate("ML_KEM_768", publicKey!);
  const tampered = Buffer.from(ciphertext);
  tampered[0]! ^= 1;
  const rejected = reveal(decapsulate("ML_KEM_768", privateKey, tampered));
  assert.equal(rejected.length, 32);
  assert.notDeepEqual(rejected, reveal(sharedSecret));
  assert.deepEqual(reveal(decapsulate("ML_KEM_768", privateKey, tampered)), rejected, "deterministic");
  assert.throws(() => decapsulate("ML_KEM_768", privateKey, ciphertext.subarray(1)), isReason("invalid-ciphertext"));
  assert.throws(() => decapsulate("ML_KEM_768", privateKey, Buffer.alloc(768)), isReason("invalid-ciphertext"));
  privateKey.dispose();
});

test("public keys of another parameter set, malformed or failing FIPS 203's modulus check are refused", async () => {
  const k512 = await generateKeyMaterial("ML_KEM_512", randomBytes);
  assert.throws(() => encapsulate("ML_KEM_768", k512.publicKey!), isReason("invalid-public-key"));
  assert.throws(() => encapsulate("ML_KEM_512", Buffer.from("junk")), isReason("invalid-public-key"));
  const outOfRange = Buffer.from(k512.publicKey!);
  outOfRange.fill(0xff, 22, 22 + 384); // coefficients of 4095 ≥ q = 3329
  assert.throws(() => encapsulate("ML_KEM_512", outOfRange), isReason("invalid-public-key"));
  assert.throws(() => encapsulate("ECC_NIST_P256", k512.publicKey!), isReason("incompatible-algorithm"));
  assert.throws(() => decapsulate("ML_DSA_44", k512.privateKey, Buffer.alloc(768)), isReason("incompatible-algorithm"));
  k512.privateKey.dispose();
});
