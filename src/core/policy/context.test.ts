import assert from "node:assert/strict";
import { test } from "node:test";
import { conditionContext } from "./context.js";

test("keys are lower-cased and values converted as documented", () => {
  const ctx = conditionContext({
    "aws:SecureTransport": true,
    "aws:MultiFactorAuthPresent": false,
    "kms:GrantCount": 3,
    "x:Small": 0.0000001,
    "x:Big": 1e21,
    "aws:CurrentTime": new Date("2024-05-01T10:00:00Z"),
    "aws:TagKeys": ["a", "b"],
    "x:Empty": [],
    "aws:username": "alice",
    "aws:TokenIssueTime": undefined,
  });
  assert.deepEqual(ctx.get("aws:securetransport"), ["true"]);
  assert.deepEqual(ctx.get("aws:multifactorauthpresent"), ["false"]);
  assert.deepEqual(ctx.get("kms:grantcount"), ["3"]);
  assert.deepEqual(ctx.get("x:small"), ["0.0000001"]);
  assert.deepEqual(ctx.get("x:big"), ["1000000000000000000000"]);
  assert.deepEqual(ctx.get("aws:currenttime"), ["2024-05-01T10:00:00.000Z"]);
  assert.deepEqual(ctx.get("aws:tagkeys"), ["a", "b"]);
  assert.deepEqual(ctx.get("x:empty"), []);
  assert.deepEqual(ctx.get("aws:username"), ["alice"]);
  assert.equal(ctx.has("aws:tokenissuetime"), false);
  assert.equal(ctx.has("aws:Username"), false, "lookups use the lower-cased name");
});

test("names differing only in case combine into one multi-valued key", () => {
  assert.deepEqual(conditionContext({ "aws:ResourceTag/Env": "prod", "aws:ResourceTag/env": "dev" }).get("aws:resourcetag/env"), ["prod", "dev"]);
});

test("NaN and invalid Dates are programming errors", () => {
  assert.throws(() => conditionContext({ "x:n": Number.NaN }), /non-finite/);
  assert.throws(() => conditionContext({ "x:d": new Date("nope") }), /invalid Date/);
});
