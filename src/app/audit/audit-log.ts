import { chainRecord, type AuditEvent } from "../../core/audit/index.js";
import type { AuditRepository, StoredAuditRecord } from "../../ports/audit-repository.js";

interface Pending {
  readonly event: AuditEvent;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** LookupEvents' Username: the IAM user's name, the role session's name, or "root". */
function usernameOf(event: AuditEvent): string | undefined {
  const identity = event.userIdentity;
  if (identity.type === "Root") return "root";
  if (identity.type === "IAMUser") return identity.userName;
  if (identity.type === "AssumedRole") return identity.arn?.slice(identity.arn.lastIndexOf("/") + 1);
  return undefined;
}

/** The KMS operations GetKeyLastUsage tracks (AWS's KeyLastUsageTrackingOperation). */
const TRACKED_OPERATIONS = new Set([
  "Decapsulate", "Decrypt", "DeriveSharedSecret", "Encapsulate", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac", "ReEncrypt", "Sign", "Verify", "VerifyMac",
]);

/** The keys a successful tracked cryptographic operation used. */
function keyUsesOf(event: AuditEvent): string[] {
  if (event.eventSource !== "kms.amazonaws.com" || event.errorCode !== undefined || !TRACKED_OPERATIONS.has(event.eventName)) return [];
  return (event.resources ?? []).filter((r) => r.type === "AWS::KMS::Key").map((r) => r.ARN);
}

/** LookupEvents' ResourceName: the resources' ARNs, and the names the request used. */
function resourceNamesOf(event: AuditEvent): string[] {
  const names = new Set<string>((event.resources ?? []).map((r) => r.ARN));
  for (const field of ["keyId", "aliasName", "userName", "roleName", "roleArn", "targetKeyId", "grantId"]) {
    const value = event.requestParameters?.[field];
    if (typeof value === "string") names.add(value);
  }
  return [...names];
}

/**
 * The audit trail's writer. Events are chained in arrival order and written in batches: every
 * event recorded while a write is under way goes into the next single transaction (group commit),
 * so a busy server pays one fsync per batch, not per call. `record` resolves only once its event
 * is durable; the API answers after that.
 */
export class AuditLog {
  #pending: Pending[] = [];
  #last: { seq: number; hash: string } | undefined;
  #loaded = false;
  #flushing: Promise<void> | undefined;
  #batches = 0;
  #events = 0;

  constructor(
    private readonly repo: Pick<AuditRepository, "append" | "last">,
    /** Told of each batch once it is durable (the findings rules read the stream here); never awaited by callers. */
    private readonly onRecorded?: (events: readonly AuditEvent[]) => void,
  ) {}

  record(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ event, resolve, reject });
      this.#flushing ??= this.#flushAll();
    });
  }

  /** How well group commit works: transactions written and events they carried. */
  stats(): { readonly batches: number; readonly events: number } {
    return { batches: this.#batches, events: this.#events };
  }

  /** Resolves once everything recorded so far is durable (for shutdown). */
  async drain(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
  }

  async #flushAll(): Promise<void> {
    // Let every request that is already running add its event to this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#pending.length > 0) await this.#flushBatch(this.#pending.splice(0));
    } finally {
      this.#flushing = undefined;
      if (this.#pending.length > 0) this.#flushing = this.#flushAll();
    }
  }

  async #flushBatch(batch: Pending[]): Promise<void> {
    try {
      if (!this.#loaded) {
        this.#last = await this.repo.last();
        this.#loaded = true;
      }
      let previous = this.#last;
      const records: StoredAuditRecord[] = [];
      for (const { event } of batch) {
        const chained = chainRecord(previous, event);
        records.push({
          seq: chained.seq,
          eventId: event.eventID,
          eventTime: new Date(event.eventTime),
          eventName: event.eventName,
          eventSource: event.eventSource,
          accountId: event.recipientAccountId,
          username: usernameOf(event),
          accessKeyId: event.userIdentity.accessKeyId,
          readOnly: event.readOnly,
          resourceNames: resourceNamesOf(event),
          event: chained.event,
          previousHash: chained.previousHash,
          hash: chained.hash,
          keyUses: keyUsesOf(event),
        });
        previous = { seq: chained.seq, hash: chained.hash };
      }
      await this.repo.append(records);
      this.#batches += 1;
      this.#events += records.length;
      this.#last = previous;
      for (const { resolve } of batch) resolve();
      this.onRecorded?.(batch.map((p) => p.event));
    } catch (error) {
      // The chain position is re-read from the store before the next batch.
      this.#loaded = false;
      for (const { reject } of batch) reject(error);
    }
  }
}

