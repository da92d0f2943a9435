import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { before, test } from "node:test";
import { generateKeyMaterial, type KeyMaterial } from "../crypto/keys/index.js";
import { chainHash, chainRecord, type ChainedRecord } from "./chain.js";
import { signDigest, type AuditDigest } from "./digest.js";
import { apiCallEvent } from "./event.js";
import { encryptFacts } from "./fixtures.test.js";
import { verifyTrail, type VerifyReport } from "./verify.js";

let key: KeyMaterial;
let otherKey: KeyMaterial;
before(async () => {
  key = await generateKeyMaterial("ECC_NIST_EDWARDS25519", randomBytes);
  otherKey = await generateKeyMaterial("ECC_NIST_EDWARDS25519", randomBytes);
});

/** Records 1..n, each a distinct Encrypt event. */
function trail(n: number): ChainedRecord[] {
  const records: ChainedRecord[] = [];
  for (let i = 1; i <= n; i++) {
    records.push(chainRecord(records[records.length - 1], apiCallEvent(encryptFacts({ eventId: `event-${i}`, time: new Date(Date.UTC(2025, 4, 20, 12, 0, i)) }))));
  }
  return records;
}

/** Digests sealing the given [from, to] ranges of `records`, each chained to the one before. */
function seal(records: readonly ChainedRecord[], ranges: [number, number][], signer: KeyMaterial = key): AuditDigest[] {
  const digests: AuditDigest[] = [];
  for (const [fromSeq, toSeq] of ranges) {
    const previous = digests[digests.length - 1];
    digests.push(
      signDigest(
        { fromSeq, toSeq, lastHash: records[toSeq - 1]!.hash, previousDigestSignature: previous?.signature ?? null, time: `2025-05-20T13:00:0${digests.length}Z` },
        signer.privateKey,
        signer.publicKey!,
      ),
    );
  }
  return digests;
}

/** Re-hashes records from index `from` on, as a forger who rewrote history would. */
function rehashFrom(records: ChainedRecord[], from: number): void {
  for (let i = from; i < records.length; i++) {
    const previousHash = i === 0 ? records[0]!.previousHash : records[i - 1]!.hash;
    const r = records[i]!;
    records[i] = { ...r, previousHash, hash: chainHash(previousHash, r.seq, r.event) };
  }
}

const check = (records: Iterable<ChainedRecord>, digests: readonly AuditDigest[], options?: { fromSeq?: number; expectedFingerprint?: string }): VerifyReport =>
  verifyTrail(records, digests, key.publicKey!, options);

test("a clean trail verifies, and unsealedFrom names the first record no digest covers", () => {
  const records = trail(12);
  assert.deepEqual(check(records, seal(records, [[1, 4], [5, 10]])), { ok: true, records: 12, digests: 2, unsealedFrom: 11 });
  assert.deepEqual(check(records, seal(records, [[1, 4], [5, 12]])), { ok: true, records: 12, digests: 2 });
  assert.deepEqual(check(records, []), { ok: true, records: 12, digests: 0, unsealedFrom: 1 });
  assert.deepEqual(check([], []), { ok: true, records: 0, digests: 0 });
  // A generator is enough: records are read once, in order.
  assert.equal(check((function* () { yield* records; })(), seal(records, [[1, 12]])).ok, true);
});

test("an edited field is found: at the record, or, once the forger re-hashes, by the digest", () => {
  const records = trail(10);
  const digests = seal(records, [[1, 5], [6, 10]]);
  const edited = [...records];
  edited[6] = { ...edited[6]!, event: edited[6]!.event.replace('"Engineering"', '"Finance"') };
  assert.deepEqual(check(edited, digests).firstProblem, { kind: "altered", seq: 7 });

  // The edited record re-hashed alone: its successor no longer links to it.
  const rehashedOne = [...edited];
  rehashedOne[6] = { ...rehashedOne[6]!, hash: chainHash(rehashedOne[6]!.previousHash, 7, rehashedOne[6]!.event) };
  assert.deepEqual(check(rehashedOne, digests).firstProblem, { kind: "altered", seq: 7 });

  // The whole chain re-hashed from there: every link holds, but the signed digest does not.
  const rewritten = [...edited];
  rehashFrom(rewritten, 6);
  assert.deepEqual(check(rewritten, []), { ok: true, records: 10, digests: 0, unsealedFrom: 1 }, "without digests a rewrite is invisible");
  assert.deepEqual(check(rewritten, digests).firstProblem, { kind: "digest-mismatch", toSeq: 10 });
});

test("a deleted record is a gap, renumbered or not", () => {
  const records = trail(8);
  assert.deepEqual(check(records.filter((r) => r.seq !== 4), []).firstProblem, { kind: "missing", seq: 4 });
  const renumbered = records.filter((r) => r.seq !== 4).map((r) => (r.seq > 4 ? { ...r, seq: r.seq - 1 } : r));
  assert.deepEqual(check(renumbered, []).firstProblem, { kind: "missing", seq: 4 });
});

test("two swapped records are reordered, whether their seq numbers moved with them or not", () => {
  const records = trail(8);
  const moved = [...records];
  [moved[3], moved[4]] = [moved[4]!, moved[3]!];
  assert.deepEqual(check(moved, []).firstProblem, { kind: "reordered", seq: 4 });
  const contentsSwapped = records.map((r, i) => (i === 3 ? { ...records[4]!, seq: 4 } : i === 4 ? { ...records[3]!, seq: 5 } : r));
  assert.deepEqual(check(contentsSwapped, []).firstProblem, { kind: "reordered", seq: 4 });
});

test("an inserted record is found, whether it repeats a seq or pushes the rest along", () => {
  const records = trail(6);
  const forged = apiCallEvent(encryptFacts({ eventId: "forged", operation: "Decrypt" }));
  // A well-formed record at seq 4, linked to record 3, in front of the real record 4.
  const inserted = chainRecord(records[2], forged);
  assert.deepEqual(check([...records.slice(0, 3), inserted, ...records.slice(3)], []).firstProblem, { kind: "inserted", seq: 4 });
  // The same with a made-up hash.
  const badHash = { ...inserted, hash: "0".repeat(63) + "1" };
  assert.deepEqual(check([...records.slice(0, 3), badHash, ...records.slice(3)], []).firstProblem, { kind: "inserted", seq: 4 });
  // Inserted, and the real records renumbered after it (but not re-hashed).
  const pushed = [...records.slice(0, 3), inserted, ...records.slice(3).map((r) => ({ ...r, seq: r.seq + 1 }))];
  assert.deepEqual(check(pushed, []).firstProblem, { kind: "inserted", seq: 4 });
});

test("records cut off after a digest are truncation", () => {
  const records = trail(10);
  const digests = seal(records, [[1, 6], [7, 10]]);
  assert.deepEqual(check(records.slice(0, 8), digests).firstProblem, { kind: "digest-mismatch", toSeq: 10 });
  assert.deepEqual(check([], digests).firstProblem, { kind: "digest-mismatch", toSeq: 6 });
  // Records after the last digest are not sealed yet: their loss is the risk unsealedFrom reports.
  assert.deepEqual(check(records.slice(0, 9), seal(records, [[1, 6]])), { ok: true, records: 9, digests: 1, unsealedFrom: 7 });
});

test("a forged digest fails its signature: other content, another key, or a key that is not the pinned one", () => {
  const records = trail(6);
  const digests = seal(records, [[1, 3], [4, 6]]);
  const otherContent = [digests[0]!, { ...digests[1]!, lastHash: records[4]!.hash, toSeq: 5 }];
  assert.deepEqual(check(records, otherContent).firstProblem, { kind: "digest-signature", toSeq: 5 });

  const byOtherKey = [digests[0]!, seal(records, [[1, 3], [4, 6]], otherKey)[1]!];
  assert.deepEqual(check(records, byOtherKey).firstProblem, { kind: "digest-signature", toSeq: 6 });
  // Even carrying the genuine key's fingerprint.
  const relabelled = [digests[0]!, { ...byOtherKey[1]!, publicKeyFingerprint: digests[1]!.publicKeyFingerprint }];
  assert.deepEqual(check(records, relabelled).firstProblem, { kind: "digest-signature", toSeq: 6 });

  // The whole trail re-signed with a replaced key verifies against that key, unless the key is pinned.
  const resigned = seal(records, [[1, 3], [4, 6]], otherKey);
  assert.equal(verifyTrail(records, resigned, otherKey.publicKey!).ok, true);
  const pinned = verifyTrail(records, resigned, otherKey.publicKey!, { expectedFingerprint: digests[0]!.publicKeyFingerprint });
  assert.deepEqual(pinned.firstProblem, { kind: "digest-signature", toSeq: 3 });
  assert.equal(check(records, digests, { expectedFingerprint: digests[0]!.publicKeyFingerprint }).ok, true);
  assert.deepEqual(check(records, [{ ...digests[0]!, signature: "not base64!" }, digests[1]!]).firstProblem, { kind: "digest-signature", toSeq: 3 });
});

test("a digest chain break is found: a digest dropped, or one re-signed out of its chain", () => {
  const records = trail(9);
  const digests = seal(records, [[1, 3], [4, 6], [7, 9]]);
  assert.deepEqual(check(records, [digests[0]!, digests[2]!]).firstProblem, { kind: "digest-chain", toSeq: 9 });
  assert.deepEqual(check(records, digests.slice(1)).firstProblem, { kind: "digest-chain", toSeq: 6 });
  // Signed with the right key (an insider), but naming a different previous digest.
  const [unchained] = seal(records, [[4, 6]]);
  assert.deepEqual(check(records, [digests[0]!, unchained!, digests[2]!]).firstProblem, { kind: "digest-chain", toSeq: 6 });
});

test("the problem with the lowest seq is the one reported; fromSeq verifies a tail", () => {
  const records = trail(9);
  const digests = seal(records, [[1, 3], [4, 6], [7, 9]]);
  const damaged = records.filter((r) => r.seq !== 8);
  damaged[1] = { ...damaged[1]!, event: damaged[1]!.event.replace("Encrypt", "Decrypt") };
  assert.deepEqual(check(damaged, digests).firstProblem, { kind: "altered", seq: 2 });
  assert.deepEqual(check(records, [digests[0]!, { ...digests[1]!, signature: digests[0]!.signature }, digests[2]!]).firstProblem, { kind: "digest-signature", toSeq: 6 });

  // A tail from seq 4, anchored to the digest that ends at 3.
  assert.deepEqual(check(records.slice(3), digests, { fromSeq: 4 }), { ok: true, records: 6, digests: 3 });
  // Without the digest that ends at 3 nothing vouches that records 1-3 were not simply deleted.
  assert.deepEqual(check(records.slice(3), digests.slice(1), { fromSeq: 4 }).firstProblem, { kind: "missing", seq: 3 });
  const notFirst = signDigest({ ...digests[0]!, previousDigestSignature: digests[2]!.signature }, key.privateKey, key.publicKey!);
  assert.deepEqual(check(records.slice(3), [notFirst, ...digests.slice(1)], { fromSeq: 4 }).firstProblem, { kind: "digest-chain", toSeq: 3 });
  const tail = records.slice(3);
  tail[0] = { ...tail[0]!, previousHash: "f".repeat(64) };
  assert.deepEqual(check(tail, digests, { fromSeq: 4 }).firstProblem, { kind: "altered", seq: 4 });
});

test("a trail that starts after seq 1 must be anchored by a digest sealing what came before it", () => {
  const records = trail(20);
  const digests = seal(records, [[1, 10], [11, 20]]);
  // Pruned at the digest boundary: verifies from record 11, anchored by the digest of 1-10.
  assert.equal(check(records.slice(10), digests, { fromSeq: 11 }).ok, true);
  // Cut anywhere else: the records before the cut may have been deleted.
  assert.deepEqual(check(records.slice(4), digests, { fromSeq: 5 }).firstProblem, { kind: "missing", seq: 4 });
  assert.deepEqual(check(records.slice(14), digests, { fromSeq: 15 }).firstProblem, { kind: "missing", seq: 14 });
});
