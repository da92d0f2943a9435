import assert from "node:assert/strict";
import { test } from "node:test";
import { randomRequestId } from "./random.js";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("request ids are version 7 UUIDs carrying the time in milliseconds", () => {
  const at = Date.UTC(2026, 10, 30, 12, 0, 0, 123);
  const id = randomRequestId(at);
  assert.match(id, UUID_V7);
  assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
});

test("ids sort in time order and never repeat", () => {
  const ids = [1, 2, 1000, 1_700_000_000_000, 1_800_000_000_001].map((ms) => randomRequestId(ms));
  assert.deepEqual([...ids].sort(), ids);
  const many = new Set(Array.from({ length: 10_000 }, () => randomRequestId(5)));
  assert.equal(many.size, 10_000, "74 random bits within one millisecond");
});
