import type { AuditEvent } from "../../core/audit/index.js";
import type { AuditRepository } from "../../ports/audit-repository.js";

const PAGE = 500;

/**
 * The audit trail as the store holds it, read in sequence order from the first record written
 * after start(). With several workers each writes only its share of the trail, so the findings
 * rules read it here, in the one worker that owns the background jobs, instead of from that
 * worker's own batches. Records become visible in sequence order (each batch extends the chain's
 * tail), so reading on from the last seen sequence number misses none.
 */
export function makeAuditFollower(deps: { repo: Pick<AuditRepository, "last" | "range">; onEvents: (events: readonly AuditEvent[]) => void }) {
  let next: number | undefined;
  let reading: Promise<void> | undefined;

  async function readNew(from: number): Promise<void> {
    for (let seq = from; ; ) {
      const page = await deps.repo.range(seq, PAGE);
      if (page.length === 0) return;
      seq = page[page.length - 1]!.seq + 1;
      next = seq;
      deps.onEvents(page.map((record) => JSON.parse(record.event) as AuditEvent));
      if (page.length < PAGE) return;
    }
  }

  return {
    /** Starts after the records already written (as a single process's rules start with what it records). */
    async start(): Promise<void> {
      next = ((await deps.repo.last())?.seq ?? 0) + 1;
    },
    /** Hands on every record written since the last poll; concurrent polls share one read. */
    poll(): Promise<void> {
      if (next === undefined) return Promise.resolve();
      reading ??= readNew(next).finally(() => (reading = undefined));
      return reading;
    },
  };
}
