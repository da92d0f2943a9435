import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { decodeImportToken, encodeImportToken, importTokenIdentity } from "./import-token.js";

const keyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

test("import token format 1: the layout of docs/byok.md, pinned", () => {
  const payload = encodeImportToken({
    keyArn,
    wrappingAlgorithm: "RSA_AES_KEY_WRAP_SHA_256",
    wrappingKeySpec: "RSA_4096",
    validTo: new Date(0x0102030405),
    wrappingPrivateKey: SecretBytes.copyOf(Buffer.from("3082", "hex")),
  });
  const bytes = payload.use((b) => Buffer.from(b));
  const arn = Buffer.from(keyArn);
  assert.equal(bytes.subarray(0, 13).toString("hex"), `010302${"0000000102030405"}${arn.length.toString(16).padStart(4, "0")}`);
  assert.deepEqual(bytes.subarray(13, 13 + arn.length), arn);
  assert.equal(bytes.subarray(13 + arn.length).toString("hex"), "3082");
  const decoded = decodeImportToken(payload)!;
  assert.equal(decoded.keyArn, keyArn);
  assert.equal(decoded.wrappingAlgorithm, "RSA_AES_KEY_WRAP_SHA_256");
  assert.equal(decoded.wrappingKeySpec, "RSA_4096");
  assert.equal(decoded.validTo.getTime(), 0x0102030405);
  assert.equal(decoded.wrappingPrivateKey.use((b) => b.toString("hex")), "3082");
});

test("anything else is not a token; the identity names the key", () => {
  assert.equal(decodeImportToken(SecretBytes.copyOf(Buffer.from("02", "hex"))), undefined);
  assert.equal(decodeImportToken(SecretBytes.copyOf(Buffer.alloc(20))), undefined);
  const bad = Buffer.alloc(20);
  bad[0] = 1;
  bad[1] = 9;
  assert.equal(decodeImportToken(SecretBytes.copyOf(bad)), undefined);
  assert.equal(importTokenIdentity({ accountId: "111122223333", region: "us-east-1", keyId: "k" }), "kms/import-token/111122223333/us-east-1/k");
});
