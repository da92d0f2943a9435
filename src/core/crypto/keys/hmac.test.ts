import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { SecretBytes } from "../../secret-bytes.js";
import { generateKeyMaterial, HMAC_KEY_BYTES, KeyOperationError, mac, MAC_ALGORITHMS, macMatches } from "./index.js";

const SPECS = ["HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"] as const;
const NODE_HASH = { HMAC_224: "sha224", HMAC_256: "sha256", HMAC_384: "sha384", HMAC_512: "sha512" } as const;

test("each HMAC spec has a key of its own bit length and a tag of its hash's full length", async () => {
  for (const spec of SPECS) {
    const { privateKey, publicKey } = await generateKeyMaterial(spec, randomBytes);
    assert.equal(publicKey, undefined);
    assert.equal(privateKey.length, HMAC_KEY_BYTES[spec]);
    assert.equal(privateKey.length * 8, Number(spec.slice(5)));
    const [algorithm] = MAC_ALGORITHMS[spec];
    assert.equal(mac(spec, algorithm!, privateKey, Buffer.from("m")).length * 8, Number(spec.slice(5)));
  }
});

test("tags equal node:crypto createHmac's; they verify, and altered ones do not", async () => {
  for (const spec of SPECS) {
    const [algorithm] = MAC_ALGORITHMS[spec];
    const { privateKey } = await generateKeyMaterial(spec, randomBytes);
    const message = randomBytes(4096);
    const tag = mac(spec, algorithm!, privateKey, message);
    assert.deepEqual(tag, privateKey.use((key) => createHmac(NODE_HASH[spec], key).update(message).digest()));
    assert.equal(macMatches(spec, algorithm!, privateKey, message, tag), true);
    const altered = Buffer.from(tag);
    altered[altered.length - 1]! ^= 1;
    assert.equal(macMatches(spec, algorithm!, privateKey, message, altered), false);
    assert.equal(macMatches(spec, algorithm!, privateKey, message, tag.subarray(0, tag.length - 1)), false);
    assert.equal(macMatches(spec, algorithm!, privateKey, message, Buffer.alloc(0)), false);
    assert.equal(macMatches(spec, algorithm!, privateKey, Buffer.concat([message, Buffer.from([0])]), tag), false);
    const otherKey = (await generateKeyMaterial(spec, randomBytes)).privateKey;
    assert.equal(macMatches(spec, algorithm!, otherKey, message, tag), false);
  }
});

test("RFC 4231 test case 2 (key 'Jefe') for every hash", async () => {
  const key = SecretBytes.fromUtf8("Jefe");
  const message = Buffer.from("what do ya want for nothing?");
  assert.equal(mac("HMAC_224", "HMAC_SHA_224", key, message).toString("hex"), "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44");
  assert.equal(mac("HMAC_256", "HMAC_SHA_256", key, message).toString("hex"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
});

test("an algorithm of another spec is a KeyOperationError", async () => {
  const { privateKey } = await generateKeyMaterial("HMAC_256", randomBytes);
  assert.throws(() => mac("HMAC_256", "HMAC_SHA_512", privateKey, Buffer.from("m")), (e: unknown) => e instanceof KeyOperationError && e.reason === "incompatible-algorithm");
  assert.throws(() => macMatches("RSA_2048", "HMAC_SHA_256", privateKey, Buffer.from("m"), Buffer.alloc(32)), KeyOperationError);
});
