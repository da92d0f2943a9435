import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { CIPHERTEXT_OVERHEAD, encodeCiphertextHeader, parseCiphertextBlob } from "./ciphertext-blob.js";
import { decryptSymmetric, encryptSymmetric } from "./symmetric-cipher.js";

const header = {
  keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
  accountId: "111122223333",
  keyMaterialId: "ab".repeat(32),
  iv: Buffer.from("000102030405060708090a0b", "hex"),
};

test("ciphertext header, format 1: known answer (docs/formats.md)", () => {
  assert.equal(
    encodeCiphertextHeader(header).toString("hex"),
    "01" + "01" + "1234abcd12ab34cd56ef1234567890ab" + Buffer.from("111122223333").toString("hex") + "ab".repeat(32) + "000102030405060708090a0b",
  );
  assert.equal(encodeCiphertextHeader({ ...header, keyId: `mrk-${"0f".repeat(16)}` }).subarray(0, 18).toString("hex"), "01" + "02" + "0f".repeat(16));
});

test("SYMMETRIC_DEFAULT blob: known answer for a fixed key, IV, plaintext and context", () => {
  const key = SecretBytes.copyOf(Buffer.alloc(32, 7));
  const blob = encryptSymmetric(key, header, SecretBytes.copyOf(Buffer.from("strongbox")), { purpose: "kat" });
  assert.equal(blob.length, CIPHERTEXT_OVERHEAD + 9);
  // Pinned: a change to the layout, the AAD or the cipher changes these bytes.
  assert.equal(blob.subarray(74).toString("hex"), KNOWN_TAIL);
  // And recomputed independently from docs/formats.md: AES-256-GCM, AAD = header || canonical context.
  const aad = Buffer.concat([blob.subarray(0, 74), Buffer.from("0001" + "0007" + Buffer.from("purpose").toString("hex") + "0003" + Buffer.from("kat").toString("hex"), "hex")]);
  const cipher = createCipheriv("aes-256-gcm", Buffer.alloc(32, 7), header.iv).setAAD(aad);
  const independent = Buffer.concat([cipher.update("strongbox"), cipher.final(), cipher.getAuthTag()]);
  assert.equal(independent.toString("hex"), KNOWN_TAIL);
  const parsed = parseCiphertextBlob(blob)!;
  assert.deepEqual({ keyId: parsed.keyId, accountId: parsed.accountId, keyMaterialId: parsed.keyMaterialId }, { keyId: header.keyId, accountId: header.accountId, keyMaterialId: header.keyMaterialId });
  assert.equal(decryptSymmetric(key, parsed, { purpose: "kat" })!.use((b) => b.toString()), "strongbox");
  assert.equal(decryptSymmetric(key, parsed, { purpose: "other" }), undefined);
  assert.equal(decryptSymmetric(SecretBytes.copyOf(Buffer.alloc(32, 8)), parsed, { purpose: "kat" }), undefined);
});

test("blobs that cannot be ours do not parse", () => {
  assert.equal(parseCiphertextBlob(Buffer.alloc(CIPHERTEXT_OVERHEAD - 1, 1)), undefined);
  const blob = Buffer.concat([encodeCiphertextHeader(header), Buffer.alloc(16)]);
  assert.ok(parseCiphertextBlob(blob));
  assert.equal(parseCiphertextBlob(Buffer.concat([Buffer.from([2]), blob.subarray(1)])), undefined, "unknown format version");
  assert.equal(parseCiphertextBlob(Buffer.concat([blob.subarray(0, 1), Buffer.from([9]), blob.subarray(2)])), undefined, "unknown key id kind");
});

const KNOWN_TAIL = "6bf59b1f736ebb260f6b8c7972037c6de62800b58de8013285";
