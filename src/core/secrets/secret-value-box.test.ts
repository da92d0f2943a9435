import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { openSecretValue, sealSecretValue, secretValueIdentity } from "./secret-value-box.js";

const arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-Ab12Cd";
const identity = { secretArn: arn, versionId: "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1", kind: "string" as const };

test("a sealed value opens under its data key and identity, and under nothing else", () => {
  const dataKey = SecretBytes.adopt(randomBytes(32));
  const box = sealSecretValue(dataKey, randomBytes(12), SecretBytes.fromUtf8("hunter2"), identity);
  assert.equal(box.includes(Buffer.from("hunter2")), false);
  assert.equal(openSecretValue(dataKey, box, identity)?.use((b) => b.toString("utf8")), "hunter2");
  assert.equal(openSecretValue(dataKey, box, { ...identity, versionId: "another-version-000000000000000000" }), undefined);
  assert.equal(openSecretValue(dataKey, box, { ...identity, secretArn: `${arn}x` }), undefined);
  assert.equal(openSecretValue(dataKey, box, { ...identity, kind: "binary" }), undefined);
  assert.equal(openSecretValue(SecretBytes.adopt(randomBytes(32)), box, identity), undefined);
  const flipped = Buffer.from(box);
  flipped[flipped.length - 1]! ^= 1;
  assert.equal(openSecretValue(dataKey, flipped, identity), undefined);
});

test("identities cannot be forged by moving separators between the ARN and the version id", () => {
  const a = secretValueIdentity({ secretArn: "arn:x/y", versionId: "z", kind: "string" });
  const b = secretValueIdentity({ secretArn: "arn:x", versionId: "y/z", kind: "string" });
  assert.notEqual(a, b);
  assert.equal(a, 'secretsmanager/secret-value/["arn:x/y","z","string"]');
});
