// The WAL checkpointer thread: copies committed pages from the write-ahead log into the database
// file, on a connection of its own, so that no commit (an audit batch, a key write) ever does it.
// PASSIVE checkpoints take no lock that writers wait for; they copy what they can.
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteConnection } from "./database.js";

export interface CheckpointerSettings {
  readonly path: string;
  readonly intervalMs: number;
}

const port = parentPort!;
const settings = workerData as CheckpointerSettings;
const db = openSqliteConnection(settings.path, { autoCheckpoint: false });
/** Reported to the parent (which logs it): a checkpoint failed for another reason than a busy database. */
export interface CheckpointProblem {
  readonly problem: string;
}

const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // SQLITE_BUSY: another process is checkpointing; the next tick tries again.
    if (String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY")) return;
    port.postMessage({ problem: error instanceof Error ? error.message : String(error) } satisfies CheckpointProblem);
  }
}, settings.intervalMs);

port.on("message", (message: "close") => {
  if (message !== "close") return;
  clearInterval(timer);
  db.close();
  port.close();
});
