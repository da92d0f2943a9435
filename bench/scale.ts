/**
 * Scale runs (issue 7): does Strongbox slow down as its store grows? The same measurements on a
 * store of 10 keys and on one of N (default 1,000,000) real keys:
 * - start-up: from spawning `strongbox server --dev` to GET /health answering 200, and to the
 *   first signed Decrypt answering 200;
 * - Decrypt latency, sequential calls over one keep-alive connection: cold (the first Decrypt of
 *   a key since the server started, so key row and material are read and unwrapped) and warm
 *   (the same 10 keys again and again once used).
 * Every figure is the median of `runs` server starts, with min and max; the runs of the two
 * stores alternate, so background load on a shared machine falls on both alike.
 *
 *   npm run bench:scale [-- --keys 1000000 --runs 3 --quick --json result.json --keep]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { BENCH_ACCOUNT, BENCH_ADMIN, BENCH_REGION, freePort, initDevDataDir, startDevServer, waitForHealth } from "./lib/dev-server.js";
import { decryptCall, decryptedBy, encryptForEach, timeInSequence } from "./lib/kms-calls.js";
import { presign } from "./lib/presign.js";
import { RawClient } from "./lib/raw-client.js";
import { seedKeys } from "./lib/seed-keys.js";
import { percentile, spread, type Spread } from "./lib/stats.js";

export interface StoreFigures {
  readonly keys: number;
  readonly seedSeconds: number;
  /** Spawn to GET /health answering 200, ms. */
  readonly startToHealthMs: Spread;
  /** Spawn to the first signed Decrypt answering 200, ms. */
  readonly startToFirstDecryptMs: Spread;
  readonly coldP50Ms: Spread;
  readonly coldP99Ms: Spread;
  readonly warmP50Ms: Spread;
  readonly warmP99Ms: Spread;
  readonly coldCallsPerRun: number;
  readonly warmCallsPerRun: number;
}

export interface Target {
  readonly target: string;
  readonly value: number;
  readonly met: boolean;
}

export interface ScaleResult {
  readonly when: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly runs: number;
  readonly small: StoreFigures;
  readonly large: StoreFigures;
  /** Large over small, each a ratio of medians. */
  readonly ratios: { readonly warmP50: number; readonly warmP99: number; readonly coldP50: number; readonly startToFirstDecrypt: number };
  readonly targets: { readonly warmP50Ratio: Target; readonly startUnder2s: Target };
}

const SMALL_STORE = 10;
const WARM_KEYS = 10;

interface Store {
  readonly dataDir: string;
  readonly keyIds: string[];
  readonly seedSeconds: number;
  /** Per run: the keys first used in that run (cold), each with its ciphertext. */
  readonly coldByRun: { keyId: string; blob: string }[][];
  readonly probe: { keyId: string; blob: string };
}

interface RunFigures {
  health: number;
  firstDecrypt: number;
  cold: number[];
  warm: number[];
}

/** Distinct random indexes in [1, count), disjoint across runs while there are keys enough; index 0 is the probe key. */
function coldIndexes(count: number, perRun: number, runs: number): number[][] {
  const others = count - 1;
  if (others < perRun * runs) return Array.from({ length: runs }, () => Array.from({ length: Math.min(perRun, others) }, (_, i) => i + 1));
  const taken = new Set<number>();
  return Array.from({ length: runs }, () => {
    const run: number[] = [];
    while (run.length < perRun) {
      const index = 1 + Math.floor(Math.random() * others);
      if (!taken.has(index)) (taken.add(index), run.push(index));
    }
    return run;
  });
}

async function prepareStore(root: string, name: string, count: number, coldPerRun: number, runs: number, plaintext: Buffer): Promise<Store> {
  const dataDir = join(root, name);
  await initDevDataDir(dataDir);
  let reported = 0;
  const seeded = await seedKeys({
    dataDir,
    count,
    accountId: BENCH_ACCOUNT,
    region: BENCH_REGION,
    onProgress: (done) => {
      if (done - reported >= 100_000) console.error(`  ${name}: ${(reported = done)} keys seeded`);
    },
  });
  console.error(`${name}: ${count} keys seeded in ${seeded.seconds.toFixed(1)} s (${seeded.writeSeconds.toFixed(1)} s of it writing)`);
  const indexes = coldIndexes(count, coldPerRun, runs);
  const needed = [0, ...new Set(indexes.flat())].map((i) => seeded.keyIds[i]!);
  // Ciphertexts through the front door, by a server that is then stopped: the measured runs start with nothing cached.
  const server = await startDevServer(dataDir);
  let blobs: string[];
  try {
    blobs = await encryptForEach(server.url, BENCH_ADMIN, needed, plaintext);
  } finally {
    await server.stop();
  }
  const blobOf = new Map(needed.map((keyId, i) => [keyId, blobs[i]!]));
  const entry = (i: number) => ({ keyId: seeded.keyIds[i]!, blob: blobOf.get(seeded.keyIds[i]!)! });
  return { dataDir, keyIds: seeded.keyIds, seedSeconds: seeded.seconds, probe: entry(0), coldByRun: indexes.map((run) => run.map(entry)) };
}

/** One server start: its start-up times, then cold and warm Decrypt latencies; the server is stopped after. */
async function measureRun(store: Store, run: number, warmCalls: number, jitCalls: number, plaintext: Buffer): Promise<RunFigures> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cold = store.coldByRun[run]!;
  const warmSet = [store.probe, ...cold.slice(0, WARM_KEYS - 1)];
  // Signed before the spawn, so signing is not in any figure.
  const [probe, coldRequests, warmRequests] = await Promise.all([
    presign(url, [decryptCall(store.probe.keyId, store.probe.blob)], BENCH_ADMIN),
    presign(url, cold.map((k) => decryptCall(k.keyId, k.blob)), BENCH_ADMIN),
    presign(url, warmSet.map((k) => decryptCall(k.keyId, k.blob)), BENCH_ADMIN),
  ]);
  const spawned = process.hrtime.bigint();
  const since = () => Number(process.hrtime.bigint() - spawned) / 1e6;
  let health = 0;
  const [server] = await Promise.all([startDevServer(store.dataDir, port), waitForHealth(url).then(() => (health = since()))]);
  try {
    const client = await RawClient.open(url);
    try {
      await timeInSequence(client, probe, (_, body) => decryptedBy(body, store.probe.keyId, plaintext));
      const firstDecrypt = since();
      // JIT warm-up on the probe key alone, so "cold" is about the key, not the process.
      await timeInSequence(client, Array.from({ length: jitCalls }, () => probe[0]!), () => true);
      const coldMs = await timeInSequence(client, coldRequests, (i, body) => decryptedBy(body, cold[i]!.keyId, plaintext));
      const cycle = Array.from({ length: warmCalls }, (_, i) => warmRequests[i % warmRequests.length]!);
      await timeInSequence(client, warmRequests, () => true); // each warm key used once before it counts as warm
      const warmMs = await timeInSequence(client, cycle, (i, body) => decryptedBy(body, warmSet[i % warmSet.length]!.keyId, plaintext));
      return { health, firstDecrypt, cold: coldMs, warm: warmMs };
    } finally {
      client.close();
    }
  } finally {
    await server.stop();
  }
}

function figures(store: Store, runs: RunFigures[]): StoreFigures {
  return {
    keys: store.keyIds.length,
    seedSeconds: store.seedSeconds,
    startToHealthMs: spread(runs.map((r) => r.health)),
    startToFirstDecryptMs: spread(runs.map((r) => r.firstDecrypt)),
    coldP50Ms: spread(runs.map((r) => percentile(r.cold, 50))),
    coldP99Ms: spread(runs.map((r) => percentile(r.cold, 99))),
    warmP50Ms: spread(runs.map((r) => percentile(r.warm, 50))),
    warmP99Ms: spread(runs.map((r) => percentile(r.warm, 99))),
    coldCallsPerRun: runs[0]!.cold.length,
    warmCallsPerRun: runs[0]!.warm.length,
  };
}

export async function runScaleBench(options: { keys: number; runs: number; quick: boolean; keepData?: boolean }): Promise<ScaleResult> {
  if (options.runs < 1 || options.keys <= SMALL_STORE) throw new Error(`need at least one run and more than ${SMALL_STORE} keys`);
  const coldPerRun = options.quick ? 100 : 1_000;
  const warmCalls = options.quick ? 300 : 3_000;
  const jitCalls = options.quick ? 100 : 500;
  const plaintext = randomBytes(32);
  const root = mkdtempSync(join(tmpdir(), "sbx-scale-"));
  try {
    const small = await prepareStore(root, "small", SMALL_STORE, coldPerRun, options.runs, plaintext);
    const large = await prepareStore(root, "large", options.keys, coldPerRun, options.runs, plaintext);
    const smallRuns: RunFigures[] = [];
    const largeRuns: RunFigures[] = [];
    for (let run = 0; run < options.runs; run++) {
      smallRuns.push(await measureRun(small, run, warmCalls, jitCalls, plaintext));
      largeRuns.push(await measureRun(large, run, warmCalls, jitCalls, plaintext));
      console.error(`run ${run + 1}/${options.runs} done`);
    }
    const s = figures(small, smallRuns);
    const l = figures(large, largeRuns);
    const warmP50 = l.warmP50Ms.median / s.warmP50Ms.median;
    return {
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      runs: options.runs,
      small: s,
      large: l,
      ratios: {
        warmP50,
        warmP99: l.warmP99Ms.median / s.warmP99Ms.median,
        coldP50: l.coldP50Ms.median / s.coldP50Ms.median,
        startToFirstDecrypt: l.startToFirstDecryptMs.median / s.startToFirstDecryptMs.median,
      },
      targets: {
        warmP50Ratio: { target: `warm Decrypt p50 with ${options.keys} keys within 1.2 x the ${SMALL_STORE}-key figure`, value: warmP50, met: warmP50 <= 1.2 },
        startUnder2s: {
          target: `spawn to first Decrypt with ${options.keys} keys under 2000 ms`,
          value: l.startToFirstDecryptMs.median,
          met: l.startToFirstDecryptMs.median < 2_000,
        },
      },
    };
  } finally {
    if (options.keepData) console.error(`data dirs kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

const ms = (s: Spread) => `${s.median.toFixed(2).padStart(8)} (${s.min.toFixed(2)}..${s.max.toFixed(2)})`;

export function formatScaleResult(r: ScaleResult): string {
  const row = (name: string, pick: (f: StoreFigures) => Spread) => `${name.padEnd(30)} ${ms(pick(r.small)).padEnd(28)} ${ms(pick(r.large))}`;
  return [
    `Scale runs: median of ${r.runs} server starts (min..max), ms; ${r.machine.cpus} CPUs, Node ${r.machine.node}`,
    `${"".padEnd(30)} ${`${r.small.keys} keys`.padEnd(28)} ${r.large.keys} keys`,
    row("start: spawn to /health 200", (f) => f.startToHealthMs),
    row("start: spawn to first Decrypt", (f) => f.startToFirstDecryptMs),
    row(`Decrypt cold p50`, (f) => f.coldP50Ms),
    row(`Decrypt cold p99`, (f) => f.coldP99Ms),
    row(`Decrypt warm p50`, (f) => f.warmP50Ms),
    row(`Decrypt warm p99`, (f) => f.warmP99Ms),
    `cold calls per run: ${r.small.coldCallsPerRun} / ${r.large.coldCallsPerRun}; warm calls per run: ${r.small.warmCallsPerRun} / ${r.large.warmCallsPerRun}`,
    `ratios (large / small): warm p50 ${r.ratios.warmP50.toFixed(2)}, warm p99 ${r.ratios.warmP99.toFixed(2)}, cold p50 ${r.ratios.coldP50.toFixed(2)}, start ${r.ratios.startToFirstDecrypt.toFixed(2)}`,
    ...Object.values(r.targets).map((t) => `${t.met ? "MET    " : "NOT MET"} ${t.target}: ${t.value.toFixed(2)}`),
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { keys: { type: "string", default: "1000000" }, runs: { type: "string", default: "3" }, quick: { type: "boolean", default: false }, json: { type: "string" }, keep: { type: "boolean", default: false } },
  });
  const result = await runScaleBench({ keys: Number(values.keys), runs: Number(values.runs), quick: values.quick, keepData: values.keep }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
  console.log(formatScaleResult(result));
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(result, null, 2) + "\n");
}
