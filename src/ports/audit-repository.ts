import type { AuditEvent, AuditRecord, ChainTail } from "../core/audit/index.js";

/** One record of the audit trail as stored: the chained event and the columns LookupEvents filters on. */
export type StoredAuditRecord = AuditRecord;

/** The last successful cryptographic use of a key, as GetKeyLastUsage reports it. */
export interface KeyLastUse {
  readonly operation: string;
  readonly time: Date;
  readonly eventId: string;
  readonly requestId: string;
}

export type LookupAttribute = "EventName" | "Username" | "ResourceName" | "EventSource" | "AccessKeyId" | "ReadOnly" | "EventId";

export interface AuditQuery {
  readonly accountId: string;
  readonly attribute?: { readonly key: LookupAttribute; readonly value: string };
  readonly start?: Date;
  readonly end?: Date;
  /** Newest first: only records with a smaller seq (the page marker). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/** A signed digest, stored as the JSON the audit core defines. */
export interface StoredDigest {
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly digest: string;
}

/** The Ed25519 key that signs digests: its private half sealed under the barrier. */
export interface AuditSigningKey {
  readonly wrappedPrivateKey: Buffer;
  readonly publicKey: Buffer;
  readonly createdAt: Date;
}

/** Appends to the trail: the one writer of records (see AuditRepository). */
export interface AuditAppender {
  /**
   * Chains `events` after the last stored record and writes them in one transaction (one fsync:
   * group commit); resolves with the new tail once they are durable. The tail is read inside
   * that transaction, so several writers (threads, processes) still extend one chain.
   */
  appendEvents(events: readonly AuditEvent[]): Promise<void>;
}

/** The append-only audit trail: nothing but `appendEvents` writes records, nothing but `prune` deletes them. */
export interface AuditRepository extends AuditAppender {
  last(): Promise<ChainTail | undefined>;
  /** Records in seq order from `fromSeq`, at most `limit`. */
  range(fromSeq: number, limit: number): Promise<readonly StoredAuditRecord[]>;
  lookup(query: AuditQuery): Promise<readonly StoredAuditRecord[]>;
  appendDigest(digest: StoredDigest): Promise<void>;
  /** Retention: deletes the records up to and including `throughSeq` (digests stay: they anchor what is kept). */
  prune(throughSeq: number): Promise<number>;
  lastUse(keyArn: string): Promise<KeyLastUse | undefined>;
  /** When the trail began: the time of its first record. */
  trackingStart(): Promise<Date | undefined>;
  digests(): Promise<readonly StoredDigest[]>;
  signingKey(): Promise<AuditSigningKey | undefined>;
  /** Stores the signing key unless one exists; returns the one in force. */
  saveSigningKey(key: AuditSigningKey): Promise<AuditSigningKey>;
}
