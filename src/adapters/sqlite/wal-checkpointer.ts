import type { Worker } from "node:worker_threads";
import type { CheckpointerSettings, CheckpointProblem } from "./wal-checkpoint-worker.js";
import { startSiblingWorker, stopSiblingWorker } from "./sibling-worker.js";

/** How often the log is copied into the database file: a few hundred pages at a time under load. */
export const CHECKPOINT_INTERVAL_MS = 100;
/** A checkpointer that stopped is started again after this pause (the log grows meanwhile, nothing is lost). */
const RESTART_PAUSE_MS = 1000;

/**
 * Runs SQLite's WAL checkpoints on a thread of their own. A server's connections are opened with
 * automatic checkpoints off: otherwise the commit that crosses 1,000 pages of log copies them all
 * into the database file and fsyncs it before it returns, a pause of tens of milliseconds for the
 * audit batch (and its callers) or the event loop that happened to commit.
 */
export class WalCheckpointer {
  #worker: Worker | undefined;
  #restart: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly settings: CheckpointerSettings,
    /** Told when checkpoints fail or the thread stops: automatic checkpoints are off, so the log would grow unseen. */
    private readonly onProblem: (problem: string) => void = () => {},
  ) {
    this.#start();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    if (this.#worker !== undefined) await stopSiblingWorker(this.#worker);
  }

  #start(): void {
    const worker = startSiblingWorker(import.meta.url, "wal-checkpoint-worker", this.settings);
    // The checkpointer alone never keeps the process alive.
    worker.unref();
    const stopped = (reason: string) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      if (this.#closed) return;
      this.onProblem(`the WAL checkpointer stopped (${reason}); starting it again`);
      this.#restart = setTimeout(() => this.#start(), RESTART_PAUSE_MS);
      this.#restart.unref();
    };
    worker.on("message", (message: CheckpointProblem) => this.onProblem(`a WAL checkpoint failed: ${message.problem}`));
    worker.on("error", (error) => stopped(error.message));
    worker.on("exit", (code) => stopped(`exit code ${code}`));
    this.#worker = worker;
  }
}
