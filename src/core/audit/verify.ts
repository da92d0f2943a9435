import { chainHash, GENESIS_HASH, type ChainedRecord } from "./chain.js";
import { digestSignatureValid, type AuditDigest } from "./digest.js";
import { isSeq } from "./encoding.js";

export type VerifyProblem =
  /** A record's hash does not match its content or the previous record's hash. */
  | { kind: "altered"; seq: number }
  /** A gap in seq (deleted records). */
  | { kind: "missing"; seq: number }
  | { kind: "reordered" | "inserted"; seq: number }
  | { kind: "digest-signature"; toSeq: number }
  /** The digest's lastHash is not the chain's hash at toSeq, or toSeq is beyond the last record (truncation). */
  | { kind: "digest-mismatch"; toSeq: number }
  /** The digest's previousDigestSignature does not match the previous digest (or a digest is missing). */
  | { kind: "digest-chain"; toSeq: number };

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly digests: number;
  readonly firstProblem?: VerifyProblem;
  /** The seq after the last digest: records from here on are not yet covered by a signature. */
  readonly unsealedFrom?: number;
}

export interface VerifyOptions {
  /** Where the records given start (default 1, the genesis). A digest ending at fromSeq - 1 anchors the first record. */
  readonly fromSeq?: number;
  /** The fingerprint the signing key must have (pinned elsewhere): guards against a replaced key. */
  readonly expectedFingerprint?: string;
}

/** True when `r`, placed at `seq`, hashes to its stored hash. Never throws on malformed input. */
function hashesAt(r: ChainedRecord, seq: number): boolean {
  if (!isSeq(seq) || typeof r.event !== "string" || typeof r.previousHash !== "string") return false;
  return chainHash(r.previousHash, seq, r.event) === r.hash;
}

/** `r` belongs at `seq` right after a record whose hash is `previous` (unknown: not checked). */
const fitsAt = (r: ChainedRecord, seq: number, previous: string | undefined) => (previous === undefined || r.previousHash === previous) && hashesAt(r, seq);

/**
 * Why record `r`, met where `expected` was due after a record hashing to `previous`, is out of
 * place; undefined when it is in place. `ahead` is the record after it, to tell a swap from a gap.
 */
function placeProblem(r: ChainedRecord, ahead: ChainedRecord | undefined, expected: number, previous: string | undefined, start: number): VerifyProblem | undefined {
  if (r.seq === expected && fitsAt(r, expected, previous)) return undefined;
  // Two neighbours exchanged, whether their seq numbers moved with them or stayed in place.
  if (ahead !== undefined && fitsAt(ahead, expected, previous) && fitsAt(r, expected + 1, ahead.hash)) return { kind: "reordered", seq: expected };
  if (ahead !== undefined && r.seq === expected + 1 && ahead.seq === expected) return { kind: "reordered", seq: expected };
  if (isSeq(r.seq) && r.seq < expected) return { kind: "inserted", seq: r.seq };
  if (isSeq(r.seq) && r.seq > expected) return { kind: "missing", seq: expected };
  if (ahead !== undefined && ahead.seq === r.seq) return { kind: "inserted", seq: expected };
  // Renumbered to hide the change: a record one place later than its hash says was inserted
  // before; one place earlier, a record before it was deleted.
  if (expected > start && hashesAt(r, expected - 1)) return { kind: "inserted", seq: expected - 1 };
  if (hashesAt(r, expected + 1)) return { kind: "missing", seq: expected };
  // Intact by its own hash but not linked: the record before it was changed and re-hashed.
  if (hashesAt(r, expected) && expected > start) return { kind: "altered", seq: expected - 1 };
  return { kind: "altered", seq: expected };
}

const problemSeq = (p: VerifyProblem): number => ("seq" in p ? p.seq : p.toSeq);

/** What is wrong with digest `d`, which follows `previous` in seq order; undefined when nothing is. */
function digestProblem(
  d: AuditDigest,
  previous: AuditDigest | undefined,
  publicKeyDer: Buffer,
  options: VerifyOptions,
  hashAt: ReadonlyMap<number, string>,
  start: number,
): VerifyProblem | undefined {
  const toSeq = d.toSeq;
  const pinned = options.expectedFingerprint === undefined || d.publicKeyFingerprint === options.expectedFingerprint;
  if (!pinned || !digestSignatureValid(d, publicKeyDer)) return { kind: "digest-signature", toSeq };
  // The first digest starts the chain at seq 1, unless the caller verifies a tail (fromSeq) and
  // gave only the digests from there on.
  const chained =
    previous !== undefined
      ? d.previousDigestSignature === previous.signature && d.fromSeq === previous.toSeq + 1
      : d.fromSeq === 1
        ? d.previousDigestSignature === null
        : options.fromSeq !== undefined;
  if (!chained) return { kind: "digest-chain", toSeq };
  if (!isSeq(d.fromSeq) || !isSeq(toSeq) || d.fromSeq > toSeq) return { kind: "digest-mismatch", toSeq };
  // A digest that ends before the records given is checked by its signature and chain only.
  if (toSeq >= start && hashAt.get(toSeq) !== d.lastHash) return { kind: "digest-mismatch", toSeq };
  return undefined;
}

/**
 * Checks a trail: recomputes every record's hash, checks that seq runs on without gaps, repeats or
 * swaps and that each record links to the one before, checks every digest's signature (with
 * `publicKeyDer`), its place in the digest chain and that its lastHash is the record hash at its
 * toSeq. Records are expected in seq order, as the store returns them. Reports the problem with
 * the lowest seq (a record problem before a digest problem at the same seq).
 */
export function verifyTrail(records: Iterable<ChainedRecord>, digests: readonly AuditDigest[], publicKeyDer: Buffer, options: VerifyOptions = {}): VerifyReport {
  const start = options.fromSeq ?? 1;
  const ordered = [...digests].sort((a, b) => a.fromSeq - b.fromSeq || a.toSeq - b.toSeq);
  const digestEnds = new Set(ordered.map((d) => d.toSeq));
  const anchor = start === 1 ? GENESIS_HASH : ordered.find((d) => d.toSeq === start - 1)?.lastHash;

  const hashAt = new Map<number, string>();
  let count = 0;
  let lastSeq: number | undefined;
  let recordProblem: VerifyProblem | undefined;
  let expected = start;
  let previous = anchor;
  const iterator = records[Symbol.iterator]();
  let next = iterator.next();
  while (next.done !== true) {
    const record = next.value;
    next = iterator.next();
    count += 1;
    if (isSeq(record.seq)) {
      lastSeq = Math.max(lastSeq ?? 0, record.seq);
      if (digestEnds.has(record.seq) && !hashAt.has(record.seq)) hashAt.set(record.seq, record.hash);
    }
    if (recordProblem !== undefined) continue; // Only counted: everything after the first problem is suspect.
    recordProblem = placeProblem(record, next.done === true ? undefined : next.value, expected, previous, start);
    expected += 1;
    previous = record.hash;
  }

  // A trail that starts after seq 1 must be anchored by a digest sealing the records before it:
  // otherwise its first records could simply have been deleted.
  if (start > 1 && anchor === undefined && count > 0) recordProblem = { kind: "missing", seq: start - 1 };
  const problems: VerifyProblem[] = recordProblem === undefined ? [] : [recordProblem];
  ordered.forEach((d, i) => {
    const problem = digestProblem(d, ordered[i - 1], publicKeyDer, options, hashAt, start);
    if (problem !== undefined) problems.push(problem);
  });
  // Stable sort: at equal seq the record problem, pushed first, stays first.
  const firstProblem = problems.sort((a, b) => problemSeq(a) - problemSeq(b))[0];

  const sealedTo = ordered.length > 0 ? ordered[ordered.length - 1]!.toSeq : start - 1;
  const unsealedFrom = lastSeq !== undefined && lastSeq > sealedTo ? sealedTo + 1 : undefined;
  return {
    ok: firstProblem === undefined,
    records: count,
    digests: ordered.length,
    ...(firstProblem !== undefined ? { firstProblem } : {}),
    ...(unsealedFrom !== undefined ? { unsealedFrom } : {}),
  };
}
