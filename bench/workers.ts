/**
 * What `--workers` buys: Encrypt of 1 KiB with an encryption context, driven by wrk, against one
 * process (today's default) and against one worker per core (`--workers auto`). Both servers run
 * side by side and the runs alternate between them, so drift on a shared machine hits both alike.
 *
 * Reported per setting: requests/s, p50/p99 latency, and the server's CPU per request (user +
 * system of the primary and every worker, from /proc). On a machine with few cores wrk and the
 * server share them, so requests/s cannot show what more workers would give on a bigger machine;
 * CPU per request shows what each request costs, and "cores" how much of the machine the server
 * used. Median of the runs, with min and max.
 *
 *   npm run bench:workers [-- --seconds 10 --runs 3 --connections 32 --workers auto]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { CreateKeyCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { presign, type Call } from "./lib/presign.js";
import { BENCH_ADMIN, cpuSeconds, startStrongboxServer, type Process } from "./lib/processes.js";
import { spread, type Spread } from "./lib/stats.js";
import { hasWrk, runWrk, type LoadResult } from "./lib/wrk.js";

const REGION = "us-east-1";

export interface WorkersBenchOptions {
  readonly seconds: number;
  readonly runs: number;
  /** wrk connections (default 32: enough to keep every worker busy). */
  readonly connections?: number;
  /** The multi-worker setting to compare with one process (default: one per core). */
  readonly workers?: number;
}

export type { Spread };

export interface WorkersBenchRow {
  readonly workers: number;
  readonly perSecond: Spread;
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
  /** Server CPU (primary and workers, user + system) per request, in microseconds. */
  readonly cpuMicrosPerRequest: Spread;
  /** Of which the cluster primary (accepting connections, relaying messages); all of it with one process. */
  readonly primaryCpuMicrosPerRequest: Spread;
  /** Server CPU seconds per wall second: how many cores the server kept busy. */
  readonly cores: Spread;
  /** Non-2xx answers and socket errors over all runs (expected 0). */
  readonly errors: number;
}

/**
 * How long a deleted access key kept working somewhere after DeleteAccessKey answered: the last
 * acceptance seen by callers polling every worker on fresh connections, per deletion.
 */
export interface InvalidationWindow {
  readonly samples: number;
  /** Deletions after which some worker still accepted the key at least once. */
  readonly staleSamples: number;
  /** Milliseconds from DeleteAccessKey's answer to the last acceptance (0 when none). */
  readonly windowMs: Spread;
  /** Measured while wrk drove Encrypt at the same server. */
  readonly underLoad: boolean;
}

export interface WorkersBenchResult {
  readonly invalidation: readonly InvalidationWindow[];
  readonly cores: number;
  readonly seconds: number;
  readonly runs: number;
  readonly connections: number;
  readonly rows: readonly WorkersBenchRow[];
}

/** The pids of a process and its children (a cluster primary's workers), from /proc. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (children !== "") for (const child of children.split(" ")) pids.push(...processTree(Number(child)));
  }
  return pids;
}

const treeCpuSeconds = (pids: readonly number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

const startServer = (workers: number, dataDir: string): Promise<Process> => startStrongboxServer(dataDir, { args: ["--workers", String(workers)] });

/** Pre-signed Encrypt calls of 1 KiB with an encryption context, under a new key of this server. */
async function encryptRequests(url: string): Promise<string[]> {
  const kms = new KMSClient({ endpoint: url, region: REGION, credentials: BENCH_ADMIN, maxAttempts: 1 });
  try {
    const keyId = (await kms.send(new CreateKeyCommand({ Description: "bench workers" }))).KeyMetadata!.KeyId!;
    const plaintext = Buffer.alloc(1024, 7).toString("base64");
    const calls: Call[] = Array.from({ length: 64 }, (_, i) => ({
      target: "TrentService.Encrypt",
      body: JSON.stringify({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { tenant: "bench", request: String(i) } }),
    }));
    return await presign(url, calls, BENCH_ADMIN, REGION);
  } finally {
    kms.destroy();
  }
}

const workerOf = (client: KMSClient, seen: (worker: string | undefined) => void) =>
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        seen((result.response as { headers?: Record<string, string> }).headers?.["x-strongbox-worker"]);
        return result;
      } catch (error) {
        seen((error as { $response?: { headers?: Record<string, string> } }).$response?.headers?.["x-strongbox-worker"]);
        throw error;
      }
    },
    { step: "deserialize", name: "noteWorker" },
  );

/**
 * The invalidation window, `samples` times: a new access key is used until every worker has it
 * cached, then deleted; four callers then call with it for 300 ms, each call on a new connection
 * (so on every worker in turn), noting when it was last accepted.
 */
async function invalidationWindow(url: string, workers: number, samples: number, underLoad: boolean): Promise<InvalidationWindow> {
  const iam = new IAMClient({ endpoint: url, region: REGION, credentials: BENCH_ADMIN, maxAttempts: 1 });
  const admin = new KMSClient({ endpoint: url, region: REGION, credentials: BENCH_ADMIN, maxAttempts: 1 });
  const userName = `bench-invalidation-${Date.now()}`;
  const windows: number[] = [];
  try {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: "kms", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }) }));
    const keyId = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    for (let sample = 0; sample < samples; sample++) {
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
      const credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      const call = async (onWorker: (worker: string | undefined) => void) => {
        const client = new KMSClient({ endpoint: url, region: REGION, credentials, maxAttempts: 1 });
        workerOf(client, onWorker);
        try {
          await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }));
          return true;
        } catch {
          return false;
        } finally {
          client.destroy();
        }
      };
      const warmed = new Set<string>();
      for (let tries = 0; warmed.size < workers && tries < 100; tries++) await call((worker) => worker !== undefined && warmed.add(worker));
      await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: credentials.accessKeyId }));
      const deletedAt = performance.now();
      let lastAccepted = deletedAt;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (performance.now() - deletedAt < 300) {
            if (await call(() => {})) lastAccepted = Math.max(lastAccepted, performance.now());
          }
        }),
      );
      windows.push(lastAccepted - deletedAt);
    }
  } finally {
    iam.destroy();
    admin.destroy();
  }
  return { samples, staleSamples: windows.filter((w) => w > 0).length, windowMs: spread(windows), underLoad };
}

/** One wrk run against a server, with the server's CPU over the same interval. */
async function measure(server: Process, requests: readonly string[], seconds: number, connections: number): Promise<{ load: LoadResult; cpu: number; primaryCpu: number }> {
  const pids = processTree(server.pid);
  const before = treeCpuSeconds(pids);
  const primaryBefore = cpuSeconds(server.pid);
  const load = await runWrk(requests, { url: server.url, seconds, connections });
  return { load, cpu: treeCpuSeconds(pids) - before, primaryCpu: cpuSeconds(server.pid) - primaryBefore };
}

export async function runWorkersBench(options: { seconds: number; runs: number; connections?: number; workers?: number }): Promise<WorkersBenchResult> {
  if (!(await hasWrk())) throw new Error("wrk is not installed (apt-get install -y wrk)");
  if (!existsSync(join(fileURLToPath(new URL("../dist/cli/main.js", import.meta.url))))) throw new Error("build first: npm run build");
  const connections = options.connections ?? 32;
  const settings = [1, options.workers ?? availableParallelism()];
  const dir = mkdtempSync(join(tmpdir(), "sbx-bench-workers-"));
  const servers: Process[] = [];
  try {
    for (const [i, workers] of settings.entries()) servers.push(await startServer(workers, join(dir, `data-${i}`)));
    const requests = await Promise.all(servers.map((server) => encryptRequests(server.url)));
    // Warm-up: JIT, caches, SQLite pages, in every worker.
    for (const [i, server] of servers.entries()) await runWrk(requests[i]!, { url: server.url, seconds: 2, connections });
    const samples = settings.map(() => [] as Awaited<ReturnType<typeof measure>>[]);
    for (let run = 0; run < options.runs; run++) {
      // Signatures are good for five minutes: signed again before each round.
      if (run > 0) for (const [i, server] of servers.entries()) requests[i] = await encryptRequests(server.url);
      for (const [i, server] of servers.entries()) samples[i]!.push(await measure(server, requests[i]!, options.seconds, connections));
    }
    // The invalidation window of the multi-worker server, idle and under load.
    const multi = servers[servers.length - 1]!;
    const workers = settings[settings.length - 1]!;
    const invalidation: InvalidationWindow[] = [];
    if (workers > 1) {
      invalidation.push(await invalidationWindow(multi.url, workers, 20, false));
      requests[requests.length - 1] = await encryptRequests(multi.url);
      const load = runWrk(requests[requests.length - 1]!, { url: multi.url, seconds: 15, connections });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      invalidation.push(await invalidationWindow(multi.url, workers, 10, true));
      await load;
    }
    const rows = settings.map((workers, i) => {
      const runs = samples[i]!;
      return {
        workers,
        perSecond: spread(runs.map((r) => r.load.perSecond)),
        p50Ms: spread(runs.map((r) => r.load.p50)),
        p99Ms: spread(runs.map((r) => r.load.p99)),
        cpuMicrosPerRequest: spread(runs.map((r) => (r.cpu / r.load.requests) * 1e6)),
        primaryCpuMicrosPerRequest: spread(runs.map((r) => (r.primaryCpu / r.load.requests) * 1e6)),
        cores: spread(runs.map((r) => r.cpu / r.load.seconds)),
        errors: runs.reduce((sum, r) => sum + r.load.errors, 0),
      };
    });
    return { invalidation, cores: availableParallelism(), seconds: options.seconds, runs: options.runs, connections, rows };
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatWorkersResult(result: WorkersBenchResult): string {
  const cell = (s: Spread, digits: number) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const lines = [
    `Encrypt 1 KiB with an encryption context; wrk, ${result.connections} connections, ${result.seconds} s x ${result.runs} runs per setting; ${result.cores} cores shared by wrk and the server`,
    `median (min–max)`,
    `${"workers".padEnd(8)} ${"requests/s".padEnd(24)} ${"p50 ms".padEnd(20)} ${"p99 ms".padEnd(22)} ${"CPU µs/request".padEnd(18)} ${"of it primary".padEnd(16)} ${"server cores busy".padEnd(20)} errors`,
  ];
  for (const row of result.rows) {
    lines.push(
      `${String(row.workers).padEnd(8)} ${cell(row.perSecond, 0).padEnd(24)} ${cell(row.p50Ms, 2).padEnd(20)} ${cell(row.p99Ms, 1).padEnd(22)} ${cell(row.cpuMicrosPerRequest, 0).padEnd(18)} ${(row.workers > 1 ? cell(row.primaryCpuMicrosPerRequest, 0) : "-").padEnd(16)} ${cell(row.cores, 2).padEnd(20)} ${row.errors}`,
    );
  }
  for (const window of result.invalidation) {
    lines.push(
      `deleted access key accepted after DeleteAccessKey answered (${window.underLoad ? "under wrk load" : "idle"}): in ${window.staleSamples} of ${window.samples} deletions; window ${cell(window.windowMs, 1)} ms`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { seconds: { type: "string", default: "10" }, runs: { type: "string", default: "3" }, connections: { type: "string", default: "32" }, workers: { type: "string", default: "auto" } },
  });
  const loadBefore = loadavg();
  const result = await runWorkersBench({
    seconds: Number(values.seconds),
    runs: Number(values.runs),
    connections: Number(values.connections),
    workers: values.workers === "auto" ? availableParallelism() : Number(values.workers),
  });
  console.log(formatWorkersResult(result));
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    // Not a git checkout: the figures stand without it.
  }
  console.log(`git ${commit}, node ${process.version}, load average before ${loadBefore.map((l) => l.toFixed(1)).join(" ")}, after ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}
