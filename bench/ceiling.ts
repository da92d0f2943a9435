/**
 * How close can any server on this runtime come to the bare HTTP floor for Encrypt? Drives, with
 * the same SigV4-signed Encrypt requests and alternating runs: the bare node:http floor, a minimal
 * server that does only the stages no KMS can skip (bench/lib/minimal-encrypt-server.mjs: HTTP,
 * JSON, SigV4, AES-GCM), and Strongbox. The minimal server's ratio to the floor is the ceiling
 * for issue 7's ratio targets on this machine (docs/performance.md).
 *
 *   npm run bench:ceiling [-- --runs 3 --seconds 5]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadRun, pacedRuns, summarise, type RunFigures } from "./lib/measure.js";
import { presign } from "./lib/presign.js";
import { BENCH_ADMIN, spawnServer, startHttpFloor, startStrongboxServer, type Process } from "./lib/processes.js";
import { sendRaw } from "./lib/raw-call.js";
import { pairedRatios } from "./lib/report.js";
import { prepareScenarios } from "./lib/scenarios.js";
import { formatSpread } from "./lib/stats.js";
import { hasWrk } from "./lib/wrk.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, seconds: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const connections = 64;
if (!(await hasWrk())) {
  console.error("wrk is not installed: apt-get install -y wrk");
  process.exit(1);
}

const MINIMAL_SERVER = fileURLToPath(new URL("./lib/minimal-encrypt-server.mjs", import.meta.url));
const target = (p: Process) => ({ url: p.url, pids: () => [p.pid] });

const dataDir = mkdtempSync(join(tmpdir(), "sbx-ceiling-"));
const started: Process[] = [];
try {
  const strongbox = await startStrongboxServer(join(dataDir, "data"));
  started.push(strongbox);
  const scenario = (await prepareScenarios(strongbox.url, BENCH_ADMIN)).find((s) => s.name.startsWith("Encrypt"))!;
  const requests = await presign(strongbox.url, scenario.calls, BENCH_ADMIN);
  const answer = await sendRaw(strongbox.url, requests[0]!);
  const minimal = await spawnServer(process.execPath, [MINIMAL_SERVER, BENCH_ADMIN.secretAccessKey], process.env, /"url":"(http:[^"]+)"/);
  started.push(minimal);
  const check = await sendRaw(minimal.url, requests[0]!);
  if (check.status !== 200) throw new Error(`the minimal server answered ${check.status}: ${check.body.slice(0, 200)}`);
  const durable = await spawnServer(process.execPath, [MINIMAL_SERVER, BENCH_ADMIN.secretAccessKey, join(dataDir, "audit.log")], process.env, /"url":"(http:[^"]+)"/);
  started.push(durable);
  const floor = await startHttpFloor(Buffer.byteLength(answer.body));
  started.push(floor);
  const servers = { floor, minimal, "minimal+log": durable, strongbox };
  const figures: Record<keyof typeof servers, RunFigures[]> = { floor: [], minimal: [], "minimal+log": [], strongbox: [] };
  for (const server of Object.values(servers)) await loadRun(target(server), requests, { seconds: 2, connections });
  for (let i = 0; i < runs; i++) {
    for (const [name, server] of Object.entries(servers) as [keyof typeof servers, Process][]) figures[name].push(await loadRun(target(server), requests, { seconds, connections }));
  }
  console.log(`${scenario.name}: wrk -c${connections}, ${runs} runs of ${seconds} s, alternating; median (min–max)`);
  console.log("server        req/s                  CPU µs/req           × floor (req/s)        × floor (CPU)");
  for (const name of Object.keys(servers) as (keyof typeof servers)[]) {
    const summary = summarise(figures[name]);
    const throughput = pairedRatios(figures[name].map((r) => r.perSecond), figures.floor.map((r) => r.perSecond));
    const cpu = pairedRatios(figures.floor.map((r) => r.cpuMicros), figures[name].map((r) => r.cpuMicros));
    console.log(`${name.padEnd(13)} ${formatSpread(summary.perSecond).padEnd(22)} ${formatSpread(summary.cpuMicros, 1).padEnd(20)} ${formatSpread(throughput, 3).padEnd(22)} ${formatSpread(cpu, 3)}`);
  }
  // Latency at half of each server's own peak, as the issue asks of Strongbox.
  console.log("\nlatency at half of each one's peak: p50 / p99 / p99.9 ms, median (min–max)");
  for (const name of ["minimal", "minimal+log", "strongbox"] as const) {
    const offered = summarise(figures[name]).perSecond.median / 2;
    const paced = await pacedRuns(target(servers[name]), requests, { offered, runs, seconds });
    console.log(`${name.padEnd(13)} offered ${offered.toFixed(0)}/s, served ${formatSpread(paced.perSecond)}/s: ${formatSpread(paced.p50, 2)} / ${formatSpread(paced.p99, 2)} / ${formatSpread(paced.p999, 2)}`);
  }
} finally {
  for (const server of started.reverse()) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
