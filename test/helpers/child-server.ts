import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ADMIN } from "./server.js";

export const CLI = fileURLToPath(new URL("../../bin/strongbox.js", import.meta.url));

export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Resolves when the process has exited. */
  exited(): Promise<number | null>;
  /** Stops it as an operator does (SIGTERM) and resolves with its exit code once it has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts `strongbox server` as its own process (the built CLI, exactly as an operator runs it)
 * on a free loopback port, and waits until it says where it listens.
 */
export async function startChildServer(args: string[], env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [CLI, "server", "--host", "127.0.0.1", "--port", "0", ...args], {
    env: {
      ...process.env,
      STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      // The 64 MiB default reserve, written for each of the suite's data dirs, costs time and /tmp.
      STRONGBOX_DISK_RESERVE_BYTES: String(1024 * 1024),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind a failed test.
      child.kill("SIGKILL");
      reject(new Error(`server did not start in 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Strongbox listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    exited: () => exit,
    stop: () => {
      child.kill("SIGTERM");
      return exit;
    },
  };
}

/** Runs the CLI to completion, feeding `input` on stdin. */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
