import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedCache } from "./bounded-cache.js";

test("evicts the least recently used entry beyond the bound, and hands every leaving value to onEvict", () => {
  const evicted: string[] = [];
  const cache = new BoundedCache<string>({ maxEntries: 2, maxAgeMs: 1000, now: () => 0, onEvict: (v) => evicted.push(v) });
  cache.setIfAbsent("a", "A");
  cache.setIfAbsent("b", "B");
  assert.equal(cache.get("a"), "A");
  cache.setIfAbsent("c", "C");
  assert.deepEqual(evicted, ["B"]);
  assert.equal(cache.get("b"), undefined);
  assert.equal(cache.setIfAbsent("a", "A2"), "A", "an existing entry wins; the newcomer is handed back for wiping");
  assert.deepEqual(evicted, ["B", "A2"]);
  cache.clear();
  assert.deepEqual(evicted.sort(), ["A", "A2", "B", "C"]);
  assert.equal(cache.size, 0);
});

test("entries expire after maxAgeMs", () => {
  let now = 0;
  const evicted: string[] = [];
  const cache = new BoundedCache<string>({ maxEntries: 10, maxAgeMs: 100, now: () => now, onEvict: (v) => evicted.push(v) });
  cache.setIfAbsent("k", "V");
  now = 99;
  assert.equal(cache.get("k"), "V");
  now = 100;
  assert.equal(cache.get("k"), undefined);
  assert.deepEqual(evicted, ["V"]);
});
