import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) the process, all its threads, has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds its main thread alone (the event loop) has used so far. */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

function statCpuSeconds(path: string): number {
  const stat = readFileSync(path, "utf8");
  // The command name may hold spaces: the fields after it start past the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

export interface Process {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a process and waits for `ready` to find its URL in what it prints. */
export async function spawnServer(command: string, args: readonly string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 60_000): Promise<Process> {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind a failed bench.
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not start in ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      // Keep only the tail: a long run must not grow this string without bound.
      output = (output + chunk.toString("utf8")).slice(-64 * 1024);
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited before it was ready:\n${output.slice(-2000)}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

const HTTP_FLOOR = fileURLToPath(new URL("./http-floor.mjs", import.meta.url));

/** The bare node:http server that answers `responseBytes` of fixed JSON. */
export function startHttpFloor(responseBytes: number): Promise<Process> {
  return spawnServer(process.execPath, [HTTP_FLOOR, String(responseBytes)], process.env, /"url":"(http:[^"]+)"/);
}

const CLI = fileURLToPath(new URL("../../bin/strongbox.js", import.meta.url));

/** The account root's access key, given to every bench server at first start (STRONGBOX_ADMIN_*). */
export const BENCH_ADMIN = { accessKeyId: "AKIABENCHADMIN000001", secretAccessKey: "bench-admin-secret-0123456789abcdefghijklm" } as const;

/**
 * `strongbox server --dev` as an operator starts it (the built CLI, embedded SQLite, dev root key,
 * audit on), on loopback, once it says where it listens. `port` 0 picks a free one; `args` adds
 * flags (`--workers 2`, `--region ...`).
 */
export function startStrongboxServer(dataDir: string, options: { port?: number; args?: readonly string[] } = {}): Promise<Process> {
  return spawnServer(
    process.execPath,
    // BENCH_NODE_OPTIONS passes node flags to the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
    [
      ...(process.env.BENCH_NODE_OPTIONS?.split(" ").filter(Boolean) ?? []),
      CLI, "server", "--dev", "--host", "127.0.0.1", "--port", String(options.port ?? 0), "--data-dir", dataDir, "--log-level", "info",
      ...(options.args ?? []),
    ],
    { ...process.env, STRONGBOX_ADMIN_ACCESS_KEY_ID: BENCH_ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: BENCH_ADMIN.secretAccessKey },
    /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Strongbox listening"/,
  );
}
