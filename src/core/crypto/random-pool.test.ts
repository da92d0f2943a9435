import assert from "node:assert/strict";
import { test } from "node:test";
import { RandomPool } from "./random-pool.js";

test("the random pool hands out fresh, distinct bytes of the size asked, in small and large pieces, across refills", () => {
  const pool = new RandomPool();
  const seen = new Set<string>();
  for (let i = 0; i < 3000; i++) {
    const piece = pool.take(12);
    assert.equal(piece.length, 12);
    const hex = piece.toString("hex");
    assert.ok(!seen.has(hex), "no piece is handed out twice (3000 x 12 bytes spans four refills)");
    seen.add(hex);
  }
  const big = pool.take(4096);
  assert.equal(big.length, 4096);
  assert.ok(big.some((b) => b !== 0));
  assert.equal(pool.take(0).length, 0);
  // The bytes are spread as random bytes are: every value of a byte turns up in 64 KiB.
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < 2048; i++) for (const b of pool.take(32)) counts[b]! += 1;
  assert.ok(counts.every((c) => c > 0));
  const taken = pool.take(32);
  const copy = Buffer.from(taken);
  pool.wipe();
  assert.deepEqual(taken, copy, "a piece the caller owns is not touched by wipe");
  assert.notDeepEqual(pool.take(32), taken);
});
