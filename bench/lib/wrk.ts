import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RawRequest } from "./presign.js";

const run = promisify(execFile);

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  /** Non-2xx answers plus socket errors and timeouts. */
  readonly errors: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  readonly threads?: number;
  /** Pause each connection this long between its requests (a paced load, for latency at a given rate). */
  readonly delayMs?: number;
}

/*
 * wrk's Lua side: each thread loads the pre-signed requests (length-prefixed records) and sends
 * them in turn; `done` prints the figures as one JSON line. Requests are whole raw HTTP messages,
 * so wrk does no formatting of its own and the signature stays intact.
 */
const SCRIPT = `
local requests = {}
local index = 0
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
function init(args)
  local f = assert(io.open(os.getenv("BENCH_REQUESTS"), "rb"))
  local data = f:read("*a")
  f:close()
  local pos = 1
  while pos <= #data do
    local nl = data:find("\\n", pos, true)
    local len = tonumber(data:sub(pos, nl - 1))
    requests[#requests + 1] = data:sub(nl + 1, nl + len)
    pos = nl + len + 1
  end
  index = math.random(#requests) - 1
end
function request()
  index = index % #requests + 1
  return requests[index]
end
if delay_ms > 0 then
  function delay() return delay_ms end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"micros":%d,"errors":%d,"p50":%d,"p99":%d,"p999":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
`;

/** Drives `url` with wrk (the C load generator from Debian), cycling through `requests`. */
export async function runWrk(requests: readonly RawRequest[], options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "sbx-wrk-"));
  try {
    const script = join(dir, "requests.lua");
    const file = join(dir, "requests.bin");
    writeFileSync(script, SCRIPT);
    writeFileSync(file, Buffer.concat(requests.map((r) => Buffer.concat([Buffer.from(`${Buffer.byteLength(r)}\n`), Buffer.from(r)]))));
    const args = ["-t", String(options.threads ?? 1), "-c", String(options.connections), "-d", `${options.seconds}s`, "--timeout", "10s", "-s", script, options.url];
    const { stdout } = await run("wrk", args, { env: { ...process.env, BENCH_REQUESTS: file, BENCH_DELAY_MS: String(options.delayMs ?? 0) }, maxBuffer: 1 << 20 });
    const line = stdout.split("\n").find((l) => l.startsWith('{"requests"'));
    if (line === undefined) throw new Error(`wrk printed no result:\n${stdout}`);
    const raw = JSON.parse(line) as { requests: number; micros: number; errors: number; p50: number; p99: number; p999: number };
    const seconds = raw.micros / 1e6;
    return { requests: raw.requests, seconds, perSecond: raw.requests / seconds, p50: raw.p50 / 1000, p99: raw.p99 / 1000, p999: raw.p999 / 1000, errors: raw.errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when wrk is installed (`apt-get install -y wrk`). */
export async function hasWrk(): Promise<boolean> {
  return run("wrk", ["--version"]).then(() => true, (error: { code?: unknown }) => typeof error.code === "number");
}
