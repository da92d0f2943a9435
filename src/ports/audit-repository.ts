/** One record of the audit trail as stored: the chained event and the columns LookupEvents filters on. */
export interface StoredAuditRecord {
  readonly seq: number;
  readonly eventId: string;
  readonly eventTime: Date;
  readonly eventName: string;
  readonly eventSource: string;
  /** The account whose trail this is (recipientAccountId). */
  readonly accountId: string;
  readonly username: string | undefined;
  readonly accessKeyId: string | undefined;
  readonly readOnly: boolean;
  /** The ARNs and names of the resources the event names. */
  readonly resourceNames: readonly string[];
  /** The canonical JSON of the event, exactly as hashed. */
  readonly event: string;
  readonly previousHash: string;
  readonly hash: string;
  /** The KMS keys a successful cryptographic operation used (GetKeyLastUsage reads them). */
  readonly keyUses?: readonly string[];
}

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

/**
 * The append-only audit trail. `append` writes a batch in one transaction (one fsync: group
 * commit); nothing else writes or deletes records.
 */
export interface AuditRepository {
  append(records: readonly StoredAuditRecord[]): Promise<void>;
  last(): Promise<{ readonly seq: number; readonly hash: string } | undefined>;
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
