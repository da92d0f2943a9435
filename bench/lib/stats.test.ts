import assert from "node:assert/strict";
import { test } from "node:test";
import { percentile, spread } from "./stats.js";

test("percentile is nearest-rank: always a measured sample", () => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
  assert.equal(percentile(samples, 50), 50);
  assert.equal(percentile(samples, 99), 99);
  assert.equal(percentile(samples, 100), 100);
  assert.equal(percentile([3, 1, 2], 50), 2);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99), 10, "p99 of ten samples is the largest");
  assert.throws(() => percentile([], 50));
  assert.throws(() => percentile([1], 0));
});

test("spread keeps every run and takes the middle one as the figure", () => {
  assert.deepEqual(spread([3, 1, 2]), { median: 2, min: 1, max: 3, runs: [3, 1, 2] });
  assert.equal(spread([4, 1, 2, 3]).median, 2.5);
  assert.throws(() => spread([]));
});
