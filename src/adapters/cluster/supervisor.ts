import cluster, { type Worker } from "node:cluster";
import type { Logger } from "../../ports/logger.js";
import { asClusterMessage, WORKER_COUNT_ENV, WORKER_SLOT_ENV, type ClusterMessage } from "./messages.js";

/** Set in a worker forked while the operator had sealed the cluster: it starts sealed too. */
export const WORKER_SEALED_ENV = "STRONGBOX_WORKER_SEALED";

export interface SupervisorOptions {
  readonly workers: number;
  readonly logger: Logger;
  /** First pause before a dead worker is forked again; doubles while replacements die before listening, up to 30 s. */
  readonly restartDelayMs?: number;
  /** How long a worker may take to drain and exit when stopped before it is killed. */
  readonly stopTimeoutMs?: number;
  /** How long a worker may take to start listening. */
  readonly startTimeoutMs?: number;
}

export interface WorkerInfo {
  readonly slot: number;
  readonly pid: number;
}

export interface Supervisor {
  readonly url: string;
  readonly port: number;
  workers(): WorkerInfo[];
  /**
   * Every listening worker's metrics (prom-client JSON), for the metrics port to sum. A worker that
   * has not answered within `timeoutMs` (busy, dying) is left out of this scrape, not waited for.
   */
  collectMetrics(timeoutMs?: number): Promise<unknown[][]>;
  /** Stops every worker (the background-job owner, slot 1, last); resolves with the exit status for the primary. */
  stop(): Promise<number>;
}

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/**
 * Which slot this worker fills, of how many. Every worker asks for the port the operator gave (0
 * too): node:cluster's primary keys its listening sockets by the address and port asked for, so
 * they all share the one socket the first worker's request opened.
 */
export function workerRole(env: Readonly<Record<string, string | undefined>> = process.env): { slot: number; count: number; startSealed: boolean } {
  const slot = Number(env[WORKER_SLOT_ENV]);
  const count = Number(env[WORKER_COUNT_ENV]);
  if (!Number.isInteger(slot) || !Number.isInteger(count) || slot < 1 || slot > count) throw new Error(`this cluster worker has no valid ${WORKER_SLOT_ENV}/${WORKER_COUNT_ENV}`);
  return { slot, count, startSealed: env[WORKER_SEALED_ENV] === "1" };
}

const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The primary of `strongbox server --workers N`: forks the workers one at a time (the first alone,
 * so the data dir's first-start work is never raced), relays invalidation events between them,
 * forks a replacement for one that dies, and stops them in order. It serves no request itself
 * (node:cluster hands each accepted connection to a worker, round-robin).
 */
export async function startSupervisor(options: SupervisorOptions): Promise<Supervisor> {
  const { logger } = options;
  const restartDelayMs = options.restartDelayMs ?? 1_000;
  const slots = new Map<number, Worker>();
  let stopping = false;
  /** Until every first worker listens, a death is a failed start, not something to restart. */
  let started = false;
  let port: number | undefined;
  let url = "";
  /** Follows the seal and unseal events relayed: a replacement forked while sealed starts sealed. */
  let sealed = false;
  const failures = new Map<number, number>();
  /** Scrapes in flight: what each has received, and how to finish it. */
  const scrapes = new Map<number, { readonly answers: unknown[][]; readonly waiting: Set<Worker>; readonly finish: () => void }>();
  let nextScrape = 0;

  cluster.on("message", (from: Worker, value: unknown) => {
    const message = asClusterMessage(value);
    if (message?.strongbox === "metrics") {
      const scrape = scrapes.get(message.id);
      if (scrape === undefined || !scrape.waiting.delete(from)) return;
      scrape.answers.push(message.metrics);
      if (scrape.waiting.size === 0) scrape.finish();
      return;
    }
    if (message?.strongbox !== "invalidate") return;
    if (message.event.kind === "seal") sealed = true;
    if (message.event.kind === "unseal") sealed = false;
    for (const worker of slots.values()) {
      if (worker !== from && worker.isConnected()) worker.send(message satisfies ClusterMessage, undefined, () => {});
    }
  });

  function fork(slot: number): Promise<Worker> {
    const forkedSealed = sealed;
    const worker = cluster.fork({
      [WORKER_SLOT_ENV]: String(slot),
      [WORKER_COUNT_ENV]: String(options.workers),
      ...(sealed ? { [WORKER_SEALED_ENV]: "1" } : {}),
    });
    slots.set(slot, worker);
    let listened = false;
    worker.once("exit", (code, signal) => {
      if (slots.get(slot) === worker) slots.delete(slot);
      if (stopping || !started) return;
      // Consecutive replacements of this slot that died before listening: each waits twice as long.
      const failed = listened ? 0 : (failures.get(slot) ?? 0) + 1;
      failures.set(slot, failed);
      const delay = Math.min(MAX_RESTART_DELAY_MS, restartDelayMs * 2 ** failed);
      logger.error({ worker: slot, pid: worker.process.pid, code, signal, restartInMs: delay }, "worker exited; restarting it");
      // Not unref'd: with every worker gone, this timer is what keeps the primary alive to fork again.
      setTimeout(() => {
        if (stopping) return;
        fork(slot).then(
          (replacement) => logger.warn({ worker: slot, pid: replacement.process.pid }, "worker restarted"),
          () => undefined, // its exit schedules the next attempt
        );
      }, delay);
    });
    return new Promise<Worker>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`worker ${slot} did not start listening in time`));
        worker.process.kill("SIGKILL");
      }, options.startTimeoutMs ?? 60_000);
      const onMessage = (value: unknown) => {
        const message = asClusterMessage(value);
        if (message?.strongbox !== "listening") return;
        clearTimeout(timer);
        worker.off("message", onMessage);
        listened = true;
        // Sealed by the operator while it started (before it listened for relayed events): it follows now.
        if (sealed && !forkedSealed) worker.send({ strongbox: "invalidate", event: { kind: "seal" } } satisfies ClusterMessage, undefined, () => {});
        port ??= message.port;
        url ||= message.url;
        resolve(worker);
      };
      worker.on("message", onMessage);
      worker.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker ${slot} exited (${signal ?? code}) before it was listening`));
      });
    });
  }

  async function stopWorker(worker: Worker): Promise<number> {
    if (worker.process.exitCode !== null || worker.process.signalCode !== null) return worker.process.exitCode ?? 1;
    const exited = new Promise<number>((resolve) => worker.once("exit", (code) => resolve(code ?? 1)));
    if (worker.isConnected()) worker.send({ strongbox: "stop" } satisfies ClusterMessage, undefined, () => {});
    else worker.process.kill("SIGTERM");
    const timer = setTimeout(() => {
      logger.error({ worker: worker.id, pid: worker.process.pid }, "worker did not stop in time; killing it");
      worker.process.kill("SIGKILL");
    }, options.stopTimeoutMs ?? 30_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async function stop(): Promise<number> {
    stopping = true;
    const owner = slots.get(1);
    const others = [...slots.entries()].filter(([slot]) => slot !== 1).map(([, worker]) => worker);
    // The owner of the background jobs goes last: its closing digest then seals every other worker's last records too.
    const codes = await Promise.all(others.map(stopWorker));
    if (owner !== undefined) codes.push(await stopWorker(owner));
    return codes.every((code) => code === 0) ? 0 : 1;
  }

  function collectMetrics(timeoutMs = 2_000): Promise<unknown[][]> {
    const id = nextScrape++;
    const waiting = new Set([...slots.values()].filter((worker) => worker.isConnected()));
    const answers: unknown[][] = [];
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        scrapes.delete(id);
        if (waiting.size > 0) logger.warn({ missing: waiting.size }, "workers did not send their metrics in time; this scrape leaves them out");
        resolve(answers);
      };
      const timer = setTimeout(finish, timeoutMs);
      scrapes.set(id, { answers, waiting, finish });
      if (waiting.size === 0) finish();
      for (const worker of waiting) worker.send({ strongbox: "metrics?", id } satisfies ClusterMessage, undefined, () => {});
    });
  }

  try {
    for (let slot = 1; slot <= options.workers; slot++) await fork(slot);
    started = true;
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    port: port!,
    workers: () => [...slots.entries()].sort(([a], [b]) => a - b).map(([slot, worker]) => ({ slot, pid: worker.process.pid! })),
    collectMetrics,
    stop,
  };
}
