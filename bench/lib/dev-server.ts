import { get } from "node:http";
import { createServer } from "node:net";
import { BENCH_ADMIN, startStrongboxServer, type Process } from "./processes.js";

export { BENCH_ADMIN };
export const BENCH_ACCOUNT = "111122223333";
export const BENCH_REGION = "us-east-1";

/** `strongbox server --dev` on `port` (0: any) over `dataDir`, once it says it listens. */
export function startDevServer(dataDir: string, port = 0): Promise<Process> {
  return startStrongboxServer(dataDir, { port, args: ["--account-id", BENCH_ACCOUNT, "--region", BENCH_REGION] });
}

/** A --dev data dir made the way an operator makes one: a server started on it once, and stopped. */
export async function initDevDataDir(dataDir: string): Promise<void> {
  const server = await startDevServer(dataDir);
  await server.stop();
}

/**
 * A loopback port free a moment ago. Start-up is timed from spawn, so the port must be known
 * before the server prints it: requests are signed for it (the Host header is signed).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once GET /health answers 200, polling every `everyMs` (refused connections included: the server is not up yet). */
export async function waitForHealth(url: string, timeoutMs = 120_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const request = get(`${url}/health`, { agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on("error", () => resolve(0));
    });
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url}/health did not answer 200 in ${timeoutMs} ms (last: ${status})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
