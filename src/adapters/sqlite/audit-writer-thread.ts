import type { Worker } from "node:worker_threads";
import type { AuditEvent } from "../../core/audit/index.js";
import type { AuditAppender } from "../../ports/audit-repository.js";
import type { AppendAnswer, AppendRequest, WriterSettings } from "./audit-writer-worker.js";
import type { ConnectionOptions } from "./database.js";
import { startSiblingWorker, stopSiblingWorker } from "./sibling-worker.js";

/** A batch the writer thread could not make durable; the calls it carried fail closed. */
export class AuditWriteError extends Error {
  /** SQLite's code for the failure (SQLITE_FULL: the disk is full), when SQLite said one. */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Appends audit batches through a worker thread that holds its own SQLite connection: the chain
 * hashing, the inserts and the fsync of each group commit run beside the event loop instead of
 * blocking it. A thread that dies fails the batches it held and is started again for the next.
 */
export class ThreadedAuditAppender implements AuditAppender {
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, Waiting>();
  readonly #inFlight = new Set<Promise<void>>();
  #nextId = 1;
  #closed = false;

  constructor(
    private readonly path: string,
    private readonly connection: ConnectionOptions = {},
  ) {}

  appendEvents(events: readonly AuditEvent[]): Promise<void> {
    if (this.#closed) return Promise.reject(new AuditWriteError("the audit writer is closed"));
    const id = this.#nextId++;
    const written = new Promise<void>((resolve, reject) => {
      const worker = this.#thread();
      // A batch in flight keeps the process alive until it is durable; an idle thread does not.
      if (this.#waiting.size === 0) worker.ref();
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ id, events } satisfies AppendRequest);
    });
    const settled = written.then(() => undefined, () => undefined).finally(() => this.#inFlight.delete(settled));
    this.#inFlight.add(settled);
    return written;
  }

  /** Waits for the batches in flight, then stops the thread. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#inFlight]);
    // The thread that wrote the last batch, if it is still there (one that died is gone already).
    if (this.#worker !== undefined) await stopSiblingWorker(this.#worker);
  }

  #thread(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = startSiblingWorker(import.meta.url, "audit-writer-worker", { path: this.path, connection: this.connection } satisfies WriterSettings);
    worker.on("message", (answer: AppendAnswer) => {
      const waiting = this.#waiting.get(answer.id);
      if (waiting === undefined) return;
      this.#waiting.delete(answer.id);
      if (this.#waiting.size === 0) worker.unref();
      if (answer.ok) waiting.resolve();
      else waiting.reject(new AuditWriteError(`the audit trail could not be written: ${answer.message}`, answer.code));
    });
    const fail = (reason: string) => {
      // A thread reports its end twice ("error", then "exit"); the second report, or one that
      // comes after a new thread took its place, must not fail the new thread's batches.
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      for (const [id, waiting] of this.#waiting) {
        this.#waiting.delete(id);
        waiting.reject(new AuditWriteError(`the audit writer stopped: ${reason}`));
      }
    };
    worker.on("error", (error) => fail(error.message));
    worker.on("exit", (code) => fail(`exit code ${code}`));
    this.#worker = worker;
    return worker;
  }
}
