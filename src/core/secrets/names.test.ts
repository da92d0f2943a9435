import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { isValidSecretName, parseSecretId, randomSuffix, secretArn } from "./names.js";

const scope = { partition: "aws", region: "us-east-1", accountId: "111122223333" };

test("names: letters, digits and /_+=.@- only, 1 to 512 characters", () => {
  for (const name of ["MyTestDatabaseSecret", "prod/db/password", "a_b+c=d.e@f-g", "x", "n".repeat(512)]) assert.equal(isValidSecretName(name), true, name);
  for (const name of ["", "has space", "star*", "what?", "bracket]", "back\\slash", "bang!", "é", "n".repeat(513)]) assert.equal(isValidSecretName(name), false, name);
});

test("an ARN ends with the name and a six-character random suffix of letters and digits", () => {
  const suffix = randomSuffix(randomBytes);
  assert.match(suffix, /^[A-Za-z0-9]{6}$/);
  assert.equal(secretArn(scope, "prod/db", suffix), `arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-${suffix}`);
  const seen = new Set(Array.from({ length: 2000 }, () => randomSuffix(randomBytes)));
  assert.ok(seen.size > 1990, "suffixes do not repeat in practice");
  const handed: Buffer[] = [];
  randomSuffix((n) => (handed.push(randomBytes(n)), handed[handed.length - 1]!));
  assert.ok(handed.length > 0);
  assert.ok(handed.every((b) => b.every((x) => x === 0)), "the random bytes are wiped");
});

test("a SecretId is a name, a full ARN or a partial ARN; a name that ends like a suffix is a full ARN only", () => {
  assert.deepEqual(parseSecretId("prod/db"), { kind: "name", name: "prod/db" });
  assert.deepEqual(parseSecretId("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-a1B2c3"), {
    kind: "arn",
    arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-a1B2c3",
    scope,
  });
  assert.deepEqual(parseSecretId("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db"), { kind: "partial-arn", name: "prod/db", scope });
  assert.deepEqual(parseSecretId("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-a1b2"), { kind: "partial-arn", name: "db-a1b2", scope }, "four characters after the hyphen: not a suffix");
  assert.equal(parseSecretId("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-a1b2c3").kind, "arn");
  assert.equal(parseSecretId("has space").kind, "invalid");
  assert.equal(parseSecretId("arn:aws:secretsmanager:us-east-1:111122223333:secret:bad name").kind, "invalid");
  assert.equal(parseSecretId("arn:aws:kms:us-east-1:111122223333:key/abc").kind, "invalid", "another service's ARN is not a secret's (nor a valid name)");
});
