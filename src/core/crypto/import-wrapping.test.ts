import assert from "node:assert/strict";
import { constants, createCipheriv, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes } from "node:crypto";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { commitToMaterial, generateWrappingKeyPair, importedKey, ImportedMaterialError, unwrapKeyMaterial } from "./import-wrapping.js";

const secret = (bytes: Buffer) => SecretBytes.copyOf(bytes);
const reveal = (value: SecretBytes | undefined) => value?.use((b) => Buffer.from(b));

test("unwrap: RSAES_OAEP and RSA_AES_KEY_WRAP (RFC 5649) with SHA-1 and SHA-256, as a caller wraps with node:crypto", async () => {
  const { privateKey, publicKey } = await generateWrappingKeyPair("RSA_2048");
  const material = randomBytes(32);
  for (const hash of ["sha1", "sha256"] as const) {
    const suffix = hash === "sha1" ? "SHA_1" : "SHA_256";
    const rsa = (data: Buffer) => publicEncrypt({ key: createPublicKey({ key: publicKey, format: "der", type: "spki" }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
    assert.deepEqual(reveal(unwrapKeyMaterial(`RSAES_OAEP_${suffix}`, privateKey, rsa(material))), material);
    const aesKey = randomBytes(32);
    const kwp = createCipheriv("id-aes256-wrap-pad", aesKey, Buffer.from("A65959A6", "hex"));
    const wrapped = Buffer.concat([rsa(aesKey), kwp.update(material), kwp.final()]);
    assert.deepEqual(reveal(unwrapKeyMaterial(`RSA_AES_KEY_WRAP_${suffix}`, privateKey, wrapped)), material);
    // The other hash, a flipped bit, a truncation: nothing opens, nothing throws.
    const other = hash === "sha1" ? "SHA_256" : "SHA_1";
    assert.equal(unwrapKeyMaterial(`RSAES_OAEP_${other}`, privateKey, rsa(material)), undefined);
    const flipped = Buffer.from(wrapped);
    flipped[flipped.length - 1]! ^= 1;
    assert.equal(unwrapKeyMaterial(`RSA_AES_KEY_WRAP_${suffix}`, privateKey, flipped), undefined);
    assert.equal(unwrapKeyMaterial(`RSA_AES_KEY_WRAP_${suffix}`, privateKey, wrapped.subarray(0, 260)), undefined);
  }
  privateKey.dispose();
});

test("material checks: 32 bytes for SYMMETRIC_DEFAULT, AWS's HMAC ranges, PKCS#8 of the spec's type and size", () => {
  assert.equal(importedKey("SYMMETRIC_DEFAULT", secret(randomBytes(32))).material.length, 32);
  assert.throws(() => importedKey("SYMMETRIC_DEFAULT", secret(randomBytes(31))), ImportedMaterialError);
  assert.equal(importedKey("HMAC_512", secret(randomBytes(128))).material.length, 128);
  assert.throws(() => importedKey("HMAC_512", secret(randomBytes(63))), ImportedMaterialError);
  const ec = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
  const imported = importedKey("ECC_SECG_P256K1", secret(ec.privateKey.export({ format: "der", type: "pkcs8" })));
  assert.deepEqual(imported.publicKey, ec.publicKey.export({ format: "der", type: "spki" }));
  assert.throws(() => importedKey("ECC_NIST_P256", secret(ec.privateKey.export({ format: "der", type: "pkcs8" }))), ImportedMaterialError);
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "der", type: "pkcs8" });
  assert.throws(() => importedKey("RSA_3072", secret(rsa)), { message: "The key material is not a RSA_3072 private key." });
  assert.throws(() => importedKey("ML_DSA_44", secret(randomBytes(32))), ImportedMaterialError);
});

test("the commitment: the same material under the same key gives the same id; another key or material another", () => {
  const k1 = secret(randomBytes(32));
  const k2 = secret(randomBytes(32));
  const m = secret(randomBytes(32));
  assert.deepEqual(commitToMaterial(k1, m), commitToMaterial(k1, m));
  assert.notDeepEqual(commitToMaterial(k1, m), commitToMaterial(k2, m));
  assert.notDeepEqual(commitToMaterial(k1, m), commitToMaterial(k1, secret(randomBytes(32))));
});
