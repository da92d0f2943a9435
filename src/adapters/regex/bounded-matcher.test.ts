import assert from "node:assert/strict";
import { test } from "node:test";
import { boundedMatcher } from "./bounded-matcher.js";

test("matches as RegExp.test does, and gives up on catastrophic backtracking within the deadline", () => {
  const match = boundedMatcher(50);
  assert.equal(match(/^\d{1,4}$/, "1000"), true);
  assert.equal(match(/^\d{1,4}$/, "10,000"), false);
  const started = Date.now();
  assert.equal(match(/^(?:(a+)+b)$/, "a".repeat(40)), "timeout");
  assert.ok(Date.now() - started < 2000, "the event loop was given back");
  assert.equal(match(/x/, "x"), true, "the matcher still works after a timeout");
});
