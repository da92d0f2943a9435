import assert from "node:assert/strict";
import { test } from "node:test";
import { ForgettingCache } from "./forgetting-cache.js";

test("reads load once, forget drops, and a load that overlapped a forget is served but not kept", async () => {
  let now = 0;
  const cache = new ForgettingCache<{ v: number }>({ maxEntries: 10, maxAgeMs: 1000, now: () => now });
  let row = { v: 1 };
  let loads = 0;
  const load = async () => {
    loads += 1;
    return row;
  };
  assert.deepEqual(await cache.read("k", load), { v: 1 });
  assert.deepEqual(await cache.read("k", load), { v: 1 });
  assert.equal(loads, 1, "the second read is served from memory");

  row = { v: 2 };
  cache.forget("k");
  assert.deepEqual(await cache.read("k", load), { v: 2 }, "after a forget the store is read again");

  // A write lands (and forgets) while a load of the old row is in flight.
  let release!: () => void;
  const slowOld = () => new Promise<{ v: number }>((resolve) => (release = () => resolve({ v: 2 })));
  cache.forget("k");
  const inFlight = cache.read("k", slowOld);
  row = { v: 3 };
  cache.forget("k");
  release();
  assert.deepEqual(await inFlight, { v: 2 }, "the overlapping read is answered");
  assert.deepEqual(await cache.read("k", load), { v: 3 }, "but what it read was not kept");

  assert.equal(await cache.read("missing", async () => undefined), undefined);
  now += 1001;
  loads = 0;
  await cache.read("k", load);
  assert.equal(loads, 1, "an entry older than maxAgeMs is read again");
  cache.forgetAll();
  await cache.read("k", load);
  assert.equal(loads, 2);
});
