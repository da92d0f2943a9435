import assert from "node:assert/strict";
import { test } from "node:test";
import { makeThrottle } from "./throttle.js";

test("a second's worth of calls passes, then ThrottlingException until the bucket refills; kinds and accounts apart", () => {
  let t = 0;
  const throttle = makeThrottle({ cryptographicPerSecond: 10, managementPerSecond: 2 }, () => t);
  for (let i = 0; i < 10; i++) throttle("111122223333", "kms", "Encrypt");
  assert.throws(() => throttle("111122223333", "kms", "Decrypt"), { type: "ThrottlingException", message: "Rate exceeded" });
  throttle("111122223333", "kms", "DescribeKey");
  throttle("111122223333", "kms", "ListKeys");
  assert.throws(() => throttle("111122223333", "kms", "DescribeKey"), { type: "ThrottlingException" });
  throttle("444455556666", "kms", "Encrypt");
  throttle("111122223333", "secretsmanager", "GetSecretValue");
  t += 100; // a tenth of a second: one more cryptographic call
  throttle("111122223333", "kms", "Encrypt");
  assert.throws(() => throttle("111122223333", "kms", "Encrypt"), { type: "ThrottlingException" });
  t += 10_000; // refilled, never above one second's worth
  for (let i = 0; i < 10; i++) throttle("111122223333", "kms", "Encrypt");
  assert.throws(() => throttle("111122223333", "kms", "Encrypt"), { type: "ThrottlingException" });
});

test("each refused call is reported once, by service and family, never by account", () => {
  const refused: unknown[][] = [];
  const throttle = makeThrottle({ cryptographicPerSecond: 1, managementPerSecond: 1 }, () => 0, (...args) => refused.push(args));
  throttle("111122223333", "kms", "Encrypt");
  throttle("111122223333", "secretsmanager", "GetSecretValue");
  assert.deepEqual(refused, []);
  assert.throws(() => throttle("111122223333", "kms", "Decrypt"));
  assert.throws(() => throttle("111122223333", "secretsmanager", "ListSecrets"));
  assert.deepEqual(refused, [
    ["kms", "cryptographic"],
    ["secretsmanager", "management"],
  ]);
});
