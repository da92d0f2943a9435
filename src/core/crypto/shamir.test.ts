import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { combineShares, requireShamirParameters, shareIndex, ShamirParameterError, splitSecret } from "./shamir.js";

const bytesOf = (secret: SecretBytes) => secret.use((b) => Buffer.from(b));

/** Every k-subset of 0..n-1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

describe("Shamir secret sharing over GF(256)", () => {
  test("any threshold of the shares rebuild the secret; fewer give something else", async () => {
    const secret = SecretBytes.adopt(randomBytes(32));
    const shares = await splitSecret(secret, 5, 3);
    assert.equal(shares.length, 5);
    assert.deepEqual(shares.map(shareIndex).sort(), [...new Set(shares.map(shareIndex))].sort(), "distinct x-coordinates");
    for (const share of shares) assert.equal(share.length, 33);
    for (const subset of [...subsets(5, 3), ...subsets(5, 4), subsets(5, 5)[0]!]) {
      const rebuilt = await combineShares(subset.map((i) => shares[i]!));
      assert.deepEqual(bytesOf(rebuilt), bytesOf(secret), `shares ${subset.join(",")}`);
    }
    for (const subset of subsets(5, 2)) {
      const partial = await combineShares(subset.map((i) => shares[i]!));
      assert.notDeepEqual(bytesOf(partial), bytesOf(secret), `two shares ${subset.join(",")} must not rebuild it`);
    }
  });

  test("a share from another split, or a changed share, rebuilds a wrong secret", async () => {
    const secret = SecretBytes.adopt(randomBytes(32));
    const [a, b, c] = await splitSecret(secret, 3, 3);
    const other = await splitSecret(SecretBytes.adopt(randomBytes(32)), 3, 3);
    const wrong = await combineShares([a!, b!, other[2]!]);
    assert.notDeepEqual(bytesOf(wrong), bytesOf(secret));
    const flipped = SecretBytes.adopt(bytesOf(c!).map((byte, i) => (i === 0 ? byte ^ 1 : byte)) as Buffer);
    assert.notDeepEqual(bytesOf(await combineShares([a!, b!, flipped])), bytesOf(secret));
  });

  test("the same share twice is refused, not silently used", async () => {
    const [a, b] = await splitSecret(SecretBytes.adopt(randomBytes(32)), 3, 2);
    assert.ok(b);
    await assert.rejects(combineShares([a!, a!]), /duplicate/);
  });

  test("parameters: 2..255 shares, threshold 2..shares", () => {
    assert.throws(() => requireShamirParameters(1, 1), ShamirParameterError);
    assert.throws(() => requireShamirParameters(5, 6), ShamirParameterError);
    assert.throws(() => requireShamirParameters(256, 3), ShamirParameterError);
    assert.throws(() => requireShamirParameters(5, 1), ShamirParameterError);
    assert.throws(() => requireShamirParameters(5, 2.5), ShamirParameterError);
    requireShamirParameters(2, 2);
    requireShamirParameters(255, 255);
  });
});
