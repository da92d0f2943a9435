/**
 * The performance benchmark (issue 7): a real Strongbox (built CLI, embedded SQLite, dev root key,
 * audit on) driven by wrk with SigV4-signed requests, every operation held against floors measured
 * in the same run: a bare node:http server answering the same requests with a body of the same
 * size (the HTTP ceiling), and the raw node:crypto rate of the operation's primitive (the crypto
 * ceiling). The full run adds the scale runs (bench/scale.ts: 10 keys vs 1,000,000) and one
 * process vs one worker per core (bench/workers.ts). Prints the ratios, writes
 * bench/results/<date>.json, .svg and .md.
 *
 *   npm run bench              3 runs of 5 s per figure (medians with their spread), then scale and workers
 *   npm run bench:quick        1 run of 2 s per figure, the same ratios, under a minute
 *   node --import tsx bench/run.ts --runs 5 --seconds 10 --connections 32 --only Encrypt --keys 100000 --skip-workers
 *
 * How to read it: docs/performance.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { barChartSvg } from "./lib/chart.js";
import { measureCryptoFloors, type Primitive } from "./lib/crypto-floors.js";
import { loadRun, pacedRuns, summarise, type RunFigures, type Target } from "./lib/measure.js";
import { presign } from "./lib/presign.js";
import { BENCH_ADMIN, startHttpFloor, startStrongboxServer, type Process } from "./lib/processes.js";
import { sendRaw } from "./lib/raw-call.js";
import { formatHalfLoad, formatMarkdown, formatTable, pairedRatios, type ScenarioResult } from "./lib/report.js";
import { prepareScenarios, type Scenario } from "./lib/scenarios.js";
import { hasWrk } from "./lib/wrk.js";
import { formatScaleResult, runScaleBench, type ScaleResult } from "./scale.js";
import { formatWorkersResult, runWorkersBench, type WorkersBenchResult } from "./workers.js";

/** The issue's latency target: p99 under 5 ms at half of peak throughput. */
const HALF_LOAD_P99_MS = 5;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    seconds: { type: "string" },
    // 64 connections: durable audit is group-committed, so throughput needs requests in flight
    // (the AWS SDK for JavaScript allows 50 sockets per host by default).
    connections: { type: "string", default: "64" },
    only: { type: "string" },
    out: { type: "string", default: fileURLToPath(new URL("./results/", import.meta.url)) },
    /** The scale runs' store size (the full run only; 0 skips them). */
    keys: { type: "string", default: "1000000" },
    "skip-workers": { type: "boolean", default: false },
  },
});
const quick = values.quick === true;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const seconds = Number(values.seconds ?? (quick ? 2 : 5));
const floorSeconds = quick ? 1 : seconds;
const connections = Number(values.connections);

if (!(await hasWrk())) {
  console.error("wrk is not installed: apt-get install -y wrk");
  process.exit(1);
}

const pidsOf = (p: Process): Target => ({ url: p.url, pids: () => [p.pid] });

async function measureScenario(strongbox: Process, scenario: Scenario, cryptoRates: Record<Primitive, number>): Promise<ScenarioResult> {
  // Signed now: a signature is good for five minutes, and one scenario's runs take less.
  const requests = await presign(strongbox.url, scenario.calls, BENCH_ADMIN);
  const probe = await sendRaw(strongbox.url, requests[0]!);
  if (probe.status !== 200) throw new Error(`${scenario.name}: the server answered ${probe.status} ${probe.body.slice(0, 300)}`);
  const floorProcess = await startHttpFloor(Buffer.byteLength(probe.body));
  const ours: RunFigures[] = [];
  const floors: RunFigures[] = [];
  try {
    // Runs alternate between the two servers, so a drift in the machine's load hits both alike.
    for (let i = 0; i < runs; i++) {
      ours.push(await loadRun(pidsOf(strongbox), requests, { seconds, connections }));
      floors.push(await loadRun(pidsOf(floorProcess), requests, { seconds: floorSeconds, connections }));
    }
  } finally {
    await floorProcess.stop();
  }
  const strongboxSummary = summarise(ours);
  const floorSummary = summarise(floors);
  const cryptoRate = scenario.primitive === undefined ? undefined : cryptoRates[scenario.primitive];
  const ratios = {
    throughput: pairedRatios(ours.map((r) => r.perSecond), floors.map((r) => r.perSecond)),
    cpu: pairedRatios(floors.map((r) => r.cpuMicros), ours.map((r) => r.cpuMicros)),
    ...(cryptoRate === undefined
      ? {}
      : {
          cryptoThroughput: pairedRatios(ours.map((r) => r.perSecond), ours.map(() => cryptoRate)),
          cryptoCpu: pairedRatios(ours.map(() => 1e6 / cryptoRate), ours.map((r) => r.cpuMicros)),
        }),
  };
  let halfLoad: ScenarioResult["halfLoad"];
  // Quick mode keeps to the ratios; the latency at half load is the full run's.
  if (scenario.halfLoadLatency === true && !quick) {
    // Paced load at half the peak (connections that wait between requests; see pacedRuns).
    const offered = strongboxSummary.perSecond.median / 2;
    halfLoad = { offeredPerSecond: offered, figures: await pacedRuns(pidsOf(strongbox), requests, { offered, runs, seconds }) };
  }
  const target =
    scenario.target === undefined
      ? undefined
      : {
          ...scenario.target,
          throughputMet: (scenario.target.against === "http" ? ratios.throughput : ratios.cryptoThroughput!).median >= scenario.target.ratio,
          cpuMet: (scenario.target.against === "http" ? ratios.cpu : ratios.cryptoCpu!).median >= scenario.target.ratio,
          ...(halfLoad === undefined ? {} : { p99Met: halfLoad.figures.p99.median < HALF_LOAD_P99_MS }),
        };
  return {
    name: scenario.name,
    responseBytes: Buffer.byteLength(probe.body),
    strongbox: strongboxSummary,
    floor: floorSummary,
    ...(scenario.primitive !== undefined ? { primitive: scenario.primitive, cryptoRate } : {}),
    ratios,
    ...(halfLoad !== undefined ? { halfLoad } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}

const started = new Date();
console.log(`Strongbox benchmark (${quick ? "quick" : "full"}): ${runs} run(s) of ${seconds} s per figure, wrk -t1 -c${connections}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), node ${process.version}`);
const cryptoRates = measureCryptoFloors(quick ? 0.25 : 1);
console.log(`crypto ceiling (one thread, node:crypto, keys parsed): ${Object.entries(cryptoRates).map(([k, v]) => `${k} ${v.toFixed(0)}/s`).join(", ")}`);

const dataDir = mkdtempSync(join(tmpdir(), "sbx-bench-"));
const strongbox = await startStrongboxServer(join(dataDir, "data")).catch((error: unknown) => {
  rmSync(dataDir, { recursive: true, force: true });
  throw error;
});
const results: ScenarioResult[] = [];
try {
  const scenarios = (await prepareScenarios(strongbox.url, BENCH_ADMIN)).filter((s) => values.only === undefined || s.name.includes(values.only));
  // Warm-up: JIT, caches, SQLite pages.
  await loadRun(pidsOf(strongbox), await presign(strongbox.url, scenarios[0]!.calls, BENCH_ADMIN), { seconds: quick ? 1 : 3, connections });
  for (const scenario of scenarios) {
    const result = await measureScenario(strongbox, scenario, cryptoRates);
    results.push(result);
    console.log(`  ${scenario.name}: ${result.strongbox.perSecond.median.toFixed(0)} req/s, ${result.ratios.throughput.median.toFixed(3)} x floor, ${result.strongbox.cpuMicros.median.toFixed(1)} CPU us/req (event loop ${result.strongbox.eventLoopMicros.median.toFixed(1)})`);
  }
} finally {
  await strongbox.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log("");
console.log(formatTable(results));
const halfLoad = formatHalfLoad(results);
if (halfLoad !== "") console.log(`\nLatency at half of peak throughput:\n${halfLoad}`);

// The scale runs (10 keys vs a million: start-up, cold and warm Decrypt) and one worker against
// one per core belong to the full run; bench:quick keeps to the per-operation ratios.
let scale: ScaleResult | undefined;
let workers: WorkersBenchResult | undefined;
if (!quick && values.only === undefined) {
  if (Number(values.keys) > 0) {
    console.log(`\nScale runs: 10 keys vs ${Number(values.keys).toLocaleString("en")} keys (seeding takes a few minutes)`);
    scale = await runScaleBench({ keys: Number(values.keys), runs, quick: false });
    console.log(formatScaleResult(scale));
  }
  if (values["skip-workers"] !== true) {
    console.log("\nOne process vs one worker per core:");
    workers = await runWorkersBench({ seconds, runs, connections: 32 });
    console.log(formatWorkersResult(workers));
  }
}

mkdirSync(values.out!, { recursive: true });
const stamp = started.toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
const name = `${stamp}${quick ? "-quick" : ""}`;
const report = {
  date: started.toISOString(),
  mode: quick ? "quick" : "full",
  settings: { runs, seconds, floorSeconds, connections, wrkThreads: 1 },
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  cryptoRates,
  scenarios: results,
  ...(scale !== undefined ? { scale } : {}),
  ...(workers !== undefined ? { workers } : {}),
};
writeFileSync(join(values.out!, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(
  join(values.out!, `${name}.svg`),
  barChartSvg({
    title: `Strongbox vs its floors, ${started.toISOString().slice(0, 10)} (${quick ? "quick" : `median of ${runs}`})`,
    series: ["requests/s ÷ bare node:http", "CPU per request: bare ÷ Strongbox", "requests/s ÷ raw crypto rate"],
    rows: results.map((r) => ({
      label: r.name,
      bars: [r.ratios.throughput, r.ratios.cpu, r.ratios.cryptoThroughput ?? { median: Number.NaN, min: Number.NaN, max: Number.NaN }].map((s) => ({ value: s.median, min: s.min, max: s.max })),
    })),
    targets: [{ value: 0.4, label: "0.4 target" }],
    maxValue: 1,
  }),
);
writeFileSync(join(values.out!, `${name}.md`), `${formatMarkdown(results)}\n`);
console.log(`\nwrote ${join(values.out!, name)}.json, .svg and .md`);
