// The audit writer thread: owns a connection of its own to the store and appends each batch it
// is sent in one transaction (chain, insert, fsync), so the event loop that serves requests never
// blocks on the disk. Batches arrive and are written strictly in order.
import { parentPort, workerData } from "node:worker_threads";
import type { AuditEvent } from "../../core/audit/index.js";
import { makeSqliteAuditAppender } from "./audit-repository.js";
import { openSqliteConnection, type ConnectionOptions } from "./database.js";

export interface AppendRequest {
  readonly id: number;
  readonly events: readonly AuditEvent[];
}

export type AppendAnswer = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly message: string; readonly code?: string };

export interface WriterSettings {
  readonly path: string;
  readonly connection: ConnectionOptions;
}

const port = parentPort!;
const settings = workerData as WriterSettings;
// SQLite's own busy handler sleeps 1, 2, 5, 10, ... ms between tries for a lock another process
// holds; this thread tries again every quarter millisecond instead (it has nothing else to do).
const db = openSqliteConnection(settings.path, { ...settings.connection, busyTimeoutMs: 0 });
const appender = makeSqliteAuditAppender(db);
const LOCK_WAIT_LIMIT_MS = 5000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** SQLITE_BUSY and its extended codes: the transaction was rolled back whole, so trying again is safe. */
const isBusy = (error: unknown) => String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY");

function appendWaitingForTheLock(events: readonly AuditEvent[]): void {
  const deadline = Date.now() + LOCK_WAIT_LIMIT_MS;
  for (;;) {
    try {
      appender.appendEvents(events);
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, 0.25);
    }
  }
}

port.on("message", (request: AppendRequest | "close") => {
  if (request === "close") {
    db.close();
    port.close();
    return;
  }
  try {
    appendWaitingForTheLock(request.events);
    port.postMessage({ id: request.id, ok: true } satisfies AppendAnswer);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), ...(typeof code === "string" ? { code } : {}) } satisfies AppendAnswer);
  }
});
