import { exportLines, publicKeyFingerprint, signDigest, verifyTrail, type AuditDigest, type ChainedRecord, type VerifyReport } from "../../core/audit/index.js";
import type { Barrier } from "../../core/barrier.js";
import { generateKeyMaterial } from "../../core/crypto/keys/index.js";
import type { AuditRepository } from "../../ports/audit-repository.js";
import type { Clock } from "../../ports/clock.js";

/** The sealed-box identity of the audit signing key: copying the wrapped key elsewhere breaks it. */
const SIGNING_KEY_IDENTITY = "audit/digest-signing-key";
/** Records read per page while verifying. */
const PAGE = 1000;

export interface DigestDeps {
  readonly repo: AuditRepository;
  readonly barrier: () => Barrier;
  readonly clock: Clock;
  readonly randomBytes: (n: number) => Buffer;
}

/** The public half of the digest signing key, creating the key (Ed25519, sealed under the barrier) on first use. */
export async function auditSigningKey(deps: DigestDeps): Promise<{ wrapped: Buffer; publicKey: Buffer }> {
  const existing = await deps.repo.signingKey();
  if (existing !== undefined) return { wrapped: existing.wrappedPrivateKey, publicKey: existing.publicKey };
  const { privateKey, publicKey } = await generateKeyMaterial("ECC_NIST_EDWARDS25519", deps.randomBytes);
  try {
    const saved = await deps.repo.saveSigningKey({
      wrappedPrivateKey: deps.barrier().seal(privateKey, SIGNING_KEY_IDENTITY),
      publicKey: publicKey!,
      createdAt: deps.clock.now(),
    });
    return { wrapped: saved.wrappedPrivateKey, publicKey: saved.publicKey };
  } finally {
    privateKey.dispose();
  }
}

/**
 * Seals the records written since the last digest with a signed digest (like a CloudTrail digest
 * file), chained to the previous digest. Does nothing when no record is new.
 */
export async function sealDigest(deps: DigestDeps): Promise<AuditDigest | undefined> {
  const last = await deps.repo.last();
  const digests = await deps.repo.digests();
  const previous = digests.length > 0 ? (JSON.parse(digests[digests.length - 1]!.digest) as AuditDigest) : undefined;
  const fromSeq = previous === undefined ? 1 : previous.toSeq + 1;
  if (last === undefined || last.seq < fromSeq) return undefined;
  const key = await auditSigningKey(deps);
  const privateKey = deps.barrier().open(key.wrapped, SIGNING_KEY_IDENTITY);
  if (privateKey === undefined) throw new Error("the audit signing key does not open");
  try {
    const digest = signDigest(
      { fromSeq, toSeq: last.seq, lastHash: last.hash, previousDigestSignature: previous?.signature ?? null, time: deps.clock.now().toISOString() },
      privateKey,
      key.publicKey,
    );
    await deps.repo.appendDigest({ fromSeq, toSeq: last.seq, digest: JSON.stringify(digest) });
    return digest;
  } finally {
    privateKey.dispose();
  }
}

async function* allRecords(repo: Pick<AuditRepository, "range">, fromSeq: number): AsyncGenerator<ChainedRecord> {
  for (let next = fromSeq; ; ) {
    const page = await repo.range(next, PAGE);
    for (const r of page) yield { seq: r.seq, event: r.event, previousHash: r.previousHash, hash: r.hash };
    if (page.length < PAGE) return;
    next = page[page.length - 1]!.seq + 1;
  }
}

/**
 * Checks the whole trail: every record's hash and place in the chain, every digest's signature and
 * the hash it seals. Needs no unsealing: the public key is stored in the clear (pin it with
 * `expectedFingerprint` to guard against a rewritten key).
 */
export async function verifyAuditTrail(
  repo: AuditRepository,
  options: { fromSeq?: number; toSeq?: number; expectedFingerprint?: string } = {},
): Promise<VerifyReport> {
  const records: ChainedRecord[] = [];
  // A range: the records from fromSeq (anchored by the digest ending just before it) to toSeq, and
  // the digests that end within it or before it.
  for await (const record of allRecords(repo, options.fromSeq ?? 1)) {
    if (options.toSeq !== undefined && record.seq > options.toSeq) break;
    records.push(record);
  }
  const digests = (await repo.digests()).map((d) => JSON.parse(d.digest) as AuditDigest).filter((d) => options.toSeq === undefined || d.toSeq <= options.toSeq);
  const key = await repo.signingKey();
  const { toSeq: _to, ...rest } = options;
  return verifyRecords(records, digests, key?.publicKey, rest);
}

/**
 * Retention: deletes the records sealed by the newest digest signed before `before`. Records are
 * removed only whole digest by whole digest, so what stays still verifies (from the first kept
 * record, anchored by that digest). Export first: what is pruned is gone.
 */
export async function pruneAuditTrail(repo: AuditRepository, before: Date): Promise<{ pruned: number; throughSeq?: number }> {
  // Nothing is pruned from a trail that does not verify: tampering must not be erased by retention.
  const report = await verifyAuditTrail(repo);
  if (!report.ok) throw new Error(`the audit trail does not verify (${report.firstProblem?.kind}); nothing pruned`);
  const last = await repo.last();
  // The newest record always stays: the chain goes on from it (and a digest anchors what follows).
  const digests = (await repo.digests())
    .map((d) => JSON.parse(d.digest) as AuditDigest)
    .filter((d) => new Date(d.time) < before && last !== undefined && d.toSeq < last.seq);
  const through = digests[digests.length - 1];
  if (through === undefined) return { pruned: 0 };
  return { pruned: await repo.prune(through.toSeq), throughSeq: through.toSeq };
}

/** Everything a trail, or an export of one, must satisfy; with a pinned key, that key must vouch for it. */
export function verifyRecords(
  records: readonly ChainedRecord[],
  digests: readonly AuditDigest[],
  publicKey: Buffer | undefined,
  options: { fromSeq?: number; expectedFingerprint?: string } = {},
): VerifyReport {
  // After retention pruned the oldest records, verification resumes from the first kept one, which
  // must be anchored by the digest that sealed the records before it (verifyTrail insists).
  const first = records[0]?.seq;
  const fromSeq = options.fromSeq ?? (first !== undefined && first > 1 ? first : undefined);
  const report = verifyTrail(records, digests, publicKey ?? Buffer.alloc(0), { ...options, ...(fromSeq !== undefined ? { fromSeq } : {}) });
  // With a pinned key, a trail must be vouched for by that key: a store whose digests and key were
  // deleted (and whose chain was then rewritten) must not pass as merely "unsealed", nor a trail
  // emptied of its records, digests and key together.
  const pinMissing =
    options.expectedFingerprint !== undefined &&
    (records.length > 0 || publicKey === undefined) &&
    (publicKey === undefined || publicKeyFingerprint(publicKey) !== options.expectedFingerprint || digests.length === 0);
  if (report.ok && pinMissing) return { ...report, ok: false, firstProblem: { kind: "digest-signature", toSeq: 0 } };
  return report;
}

/** The lines of an export of the whole trail (see core/audit/export.ts). */
export async function exportAuditTrail(repo: AuditRepository): Promise<string[]> {
  const records: ChainedRecord[] = [];
  for await (const record of allRecords(repo, 1)) records.push(record);
  const digests = (await repo.digests()).map((d) => JSON.parse(d.digest) as AuditDigest);
  const key = await repo.signingKey();
  if (key === undefined) throw new Error("the trail has no digest signing key yet: nothing has been sealed");
  return exportLines(key.publicKey, records, digests);
}
