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

export type AppendAnswer = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly message: string };

export interface WriterSettings {
  readonly path: string;
  readonly connection: ConnectionOptions;
}

const port = parentPort!;
const settings = workerData as WriterSettings;
const db = openSqliteConnection(settings.path, settings.connection);
const appender = makeSqliteAuditAppender(db);

port.on("message", (request: AppendRequest | "close") => {
  if (request === "close") {
    db.close();
    port.close();
    return;
  }
  try {
    appender.appendEvents(request.events);
    port.postMessage({ id: request.id, ok: true } satisfies AppendAnswer);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies AppendAnswer);
  }
});
