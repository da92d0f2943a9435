import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { ciphertextBundle, openParameterValue, parameterEncryptionContext, parameterValueIdentity, sealParameterValue } from "./parameter-value-box.js";

const arn = "arn:aws:ssm:us-east-1:111122223333:parameter/app/db/password";
const identity = { parameterArn: arn, version: 3 };

test("a sealed value opens under its data key and identity (parameter ARN and version), and under nothing else", () => {
  const dataKey = SecretBytes.adopt(randomBytes(32));
  const box = sealParameterValue(dataKey, randomBytes(12), SecretBytes.fromUtf8("hunter2"), identity);
  assert.equal(box.includes(Buffer.from("hunter2")), false);
  assert.equal(openParameterValue(dataKey, box, identity)?.use((b) => b.toString("utf8")), "hunter2");
  assert.equal(openParameterValue(dataKey, box, { ...identity, version: 4 }), undefined);
  assert.equal(openParameterValue(dataKey, box, { ...identity, parameterArn: `${arn}x` }), undefined);
  assert.equal(openParameterValue(SecretBytes.adopt(randomBytes(32)), box, identity), undefined);
  const flipped = Buffer.from(box);
  flipped[flipped.length - 1]! ^= 1;
  assert.equal(openParameterValue(dataKey, flipped, identity), undefined);
});

test("known answer: the box and the ciphertext bundle's layout", () => {
  const dataKey = SecretBytes.adopt(Buffer.alloc(32, 0x11));
  const box = sealParameterValue(dataKey, Buffer.alloc(12, 0x22), SecretBytes.fromUtf8("value"), identity);
  assert.equal(parameterValueIdentity(identity), 'ssm/parameter-value/["arn:aws:ssm:us-east-1:111122223333:parameter/app/db/password",3]');
  assert.equal(box.subarray(0, 17).toString("hex"), `0100000000${"22".repeat(12)}`);
  assert.equal(box.length, 17 + 5 + 16);
  assert.equal(box.toString("hex"), KNOWN_BOX);
  const bundle = ciphertextBundle(Buffer.from("edk!"), box);
  assert.equal(bundle.subarray(0, 7).toString("hex"), `010004${Buffer.from("edk!").toString("hex")}`);
  assert.deepEqual(bundle.subarray(7), box);
  assert.deepEqual(parameterEncryptionContext(arn), { PARAMETER_ARN: arn });
});

const KNOWN_BOX = "010000000022222222222222222222222261966b3ca55d9fb66c5b816c1b3276ee817cd08710";
