import type { AuditEvent } from "../../core/audit/index.js";
import type { AuditAppender } from "../../ports/audit-repository.js";

interface Pending {
  readonly event: AuditEvent;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The audit trail's writer. Events are chained in arrival order and written in batches: every
 * event recorded while a write is under way goes into the next single transaction (group commit),
 * so a busy server pays one fsync per batch, not per call. `record` resolves only once its event
 * is durable; the API answers after that.
 */
export class AuditLog {
  #pending: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #batches = 0;
  #events = 0;

  constructor(
    private readonly repo: AuditAppender,
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
      await this.repo.appendEvents(batch.map((p) => p.event));
      this.#batches += 1;
      this.#events += batch.length;
      for (const { resolve } of batch) resolve();
      this.onRecorded?.(batch.map((p) => p.event));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }
}
