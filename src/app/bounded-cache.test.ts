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

test("entries expire after maxAgeMs and are wiped by the sweep even if nobody asks for them", () => {
  let now = 0;
  const evicted: string[] = [];
  const cache = new BoundedCache<string>({ maxEntries: 10, maxAgeMs: 100, now: () => now, onEvict: (v) => evicted.push(v) });
  cache.setIfAbsent("a", "A");
  now = 50;
  cache.setIfAbsent("b", "B");
  now = 99;
  assert.equal(cache.get("a"), "A", "reading does not extend the age");
  now = 100;
  cache.sweepExpired();
  assert.deepEqual(evicted, ["A"]);
  assert.equal(cache.size, 1);
  now = 150;
  assert.equal(cache.get("a"), undefined);
  assert.equal(cache.get("b"), undefined);
  assert.deepEqual(evicted, ["A", "B"]);
  assert.equal(cache.size, 0);
});

test("entries expire on time with the sweep's early exit: one deleted early does not delay the next one's, nor do entries added after it emptied", () => {
  const clock = { now: 0 };
  const evicted: string[] = [];
  const cache = new BoundedCache<string>({ maxEntries: 10, maxAgeMs: 100, now: () => clock.now, onEvict: (v) => evicted.push(v) });
  /** Moves the clock to `ms`, then acts. */
  const at = <T>(ms: number, act: () => T): T => {
    clock.now = ms;
    return act();
  };
  at(0, () => cache.setIfAbsent("a", "A"));
  at(50, () => cache.setIfAbsent("b", "B"));
  at(60, () => cache.setIfAbsent("c", "C"));
  cache.delete("a");
  assert.deepEqual(evicted, ["A"]);
  assert.equal(at(149, () => cache.get("b")), "B");
  assert.equal(at(150, () => cache.get("c")), "C", "b expired at 150, c has 10 ms left");
  assert.deepEqual(evicted, ["A", "B"]);
  at(159, () => cache.sweepExpired());
  assert.equal(cache.size, 1);
  at(160, () => cache.sweepExpired());
  assert.deepEqual(evicted, ["A", "B", "C"]);
  at(170, () => cache.setIfAbsent("d", "D"));
  assert.equal(at(269, () => cache.get("d")), "D", "the sweep's bound follows entries added after it emptied");
  assert.equal(at(270, () => cache.get("d")), undefined);
});

test("lookups are counted as hits or misses, in the counts given (shared by several caches) or the cache's own; storing is not a lookup", () => {
  const shared = { hits: 0, misses: 0 };
  const a = new BoundedCache<string>({ maxEntries: 10, maxAgeMs: 100, now: () => 0, counts: shared });
  const b = new BoundedCache<string>({ maxEntries: 10, maxAgeMs: 100, now: () => 0, counts: shared });
  assert.equal(a.get("x"), undefined);
  a.setIfAbsent("x", "X");
  a.setIfAbsent("x", "X");
  assert.equal(a.get("x"), "X");
  assert.equal(b.get("x"), undefined);
  assert.deepEqual(shared, { hits: 1, misses: 2 });
  assert.equal(a.counts, shared);
  const own = new BoundedCache<string>({ maxEntries: 10, maxAgeMs: 100, now: () => 0 });
  own.get("y");
  assert.deepEqual(own.counts, { hits: 0, misses: 1 });
  assert.deepEqual(shared, { hits: 1, misses: 2 });
});
