import assert from "node:assert/strict";
import { createHash, createPublicKey, randomBytes, verify as nodeVerify } from "node:crypto";
import { test } from "node:test";
import { generateKeyMaterial } from "../crypto/keys/index.js";
import { canonicalEventJson, canonicalJson } from "./canonical-json.js";
import { GENESIS_HASH, chainHash, chainRecord } from "./chain.js";
import { digestPayload, signDigest } from "./digest.js";
import { apiCallEvent } from "./event.js";
import { encryptFacts } from "./fixtures.test.js";

const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const field = (b: Buffer) => Buffer.concat([u32(b.length), b]);
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};

test("canonical JSON sorts keys at every depth, has no whitespace and refuses what JSON cannot hold", () => {
  const a = canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "é\n" } });
  const b = canonicalJson({ a: { c: "é\n", d: [3, { y: null, z: true }] }, b: 1 });
  assert.equal(a, '{"a":{"c":"é\\n","d":[3,{"y":null,"z":true}]},"b":1}');
  assert.equal(a, b);
  assert.equal(canonicalJson({ skipped: undefined, kept: 0 }), '{"kept":0}');
  for (const bad of [[undefined], Number.NaN, Infinity, Buffer.from("x"), new Date(0), 1n, () => 1]) {
    assert.throws(() => canonicalJson(bad), TypeError);
  }
  const event = apiCallEvent(encryptFacts());
  assert.deepEqual(JSON.parse(canonicalEventJson(event)), JSON.parse(JSON.stringify(event)), "the canonical form is the same event");
});

test("chainHash is SHA-256 over length-prefixed domain, previous hash, seq (u64 BE) and event JSON", () => {
  const json = '{"eventName":"Encrypt"}';
  const expected = createHash("sha256")
    .update(Buffer.concat([field(Buffer.from("strongbox-audit-chain-v1")), field(Buffer.from(GENESIS_HASH)), field(u64(1)), field(Buffer.from(json))]))
    .digest("hex");
  assert.equal(chainHash(GENESIS_HASH, 1, json), expected);
  // Pinned: a change to the layout can never be silent.
  assert.equal(expected, "83fe979bcc816e27efcdfd81d008d8373e9a62bc93ebfc66c404e071dbeb6981");
  // Multi-byte UTF-8 and a seq past 32 bits: lengths count bytes, and the seq is all 8 of them.
  const wide = '{"k":"é😀日本"}';
  const seq = 2 ** 40 + 3;
  const wideExpected = createHash("sha256")
    .update(Buffer.concat([field(Buffer.from("strongbox-audit-chain-v1")), field(Buffer.from("f".repeat(64))), field(u64(seq)), field(Buffer.from(wide, "utf8"))]))
    .digest("hex");
  assert.equal(chainHash("f".repeat(64), seq, wide), wideExpected);
  assert.notEqual(chainHash(GENESIS_HASH, 2, json), expected, "the seq is bound");
  assert.notEqual(chainHash("1".repeat(64), 1, json), expected, "the previous hash is bound");
  // Length prefixes: moving bytes between the previous hash and the event changes the hash.
  assert.notEqual(chainHash("ab", 1, "c"), chainHash("a", 1, "bc"));
  assert.throws(() => chainHash(GENESIS_HASH, -1, json), RangeError);
});

test("chainRecord starts at seq 1 from the genesis hash and links each record to the one before", () => {
  const first = chainRecord(undefined, apiCallEvent(encryptFacts()));
  assert.equal(first.seq, 1);
  assert.equal(first.previousHash, GENESIS_HASH);
  assert.equal(first.hash, chainHash(GENESIS_HASH, 1, first.event));
  assert.equal(first.event, canonicalEventJson(apiCallEvent(encryptFacts())));
  const second = chainRecord(first, apiCallEvent(encryptFacts({ eventId: "other" })));
  assert.deepEqual([second.seq, second.previousHash], [2, first.hash]);
  assert.equal(second.hash, chainHash(first.hash, 2, second.event));
  assert.equal(chainRecord(undefined, apiCallEvent(encryptFacts())).hash, first.hash, "deterministic");
});

test("digestPayload is the length-prefixed digest fields; signDigest signs it with Ed25519", async () => {
  const fields = { fromSeq: 1, toSeq: 9, lastHash: "a".repeat(64), previousDigestSignature: null, time: "2025-05-20T21:00:00Z", publicKeyFingerprint: "f".repeat(64) };
  const expected = Buffer.concat([
    field(Buffer.from("strongbox-audit-digest-v1")),
    field(u64(1)),
    field(u64(9)),
    field(Buffer.from("a".repeat(64))),
    field(Buffer.from([0])),
    field(Buffer.alloc(0)),
    field(Buffer.from("2025-05-20T21:00:00Z")),
    field(Buffer.from("f".repeat(64))),
  ]);
  assert.deepEqual(digestPayload(fields), expected);
  assert.notDeepEqual(digestPayload({ ...fields, previousDigestSignature: "" }), expected, "null and empty differ");

  const { privateKey, publicKey } = await generateKeyMaterial("ECC_NIST_EDWARDS25519", randomBytes);
  const { publicKeyFingerprint: _, ...unsigned } = fields;
  const digest = signDigest(unsigned, privateKey, publicKey!);
  assert.equal(digest.publicKeyFingerprint, createHash("sha256").update(publicKey!).digest("hex"));
  const { signature, ...signed } = digest;
  const key = createPublicKey({ key: publicKey!, format: "der", type: "spki" });
  assert.ok(nodeVerify(null, digestPayload(signed), key, Buffer.from(signature, "base64")), "node:crypto verifies the signature");

  const other = await generateKeyMaterial("ECC_NIST_EDWARDS25519", randomBytes);
  assert.throws(() => signDigest(unsigned, privateKey, other.publicKey!), /does not match/);
  assert.throws(() => signDigest({ ...unsigned, fromSeq: 10 }, privateKey, publicKey!), RangeError);
  assert.throws(() => signDigest({ ...unsigned, lastHash: "xyz" }, privateKey, publicKey!), RangeError);
  privateKey.dispose();
  other.privateKey.dispose();
});
