import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before } from "node:test";
import { KMSClient } from "@aws-sdk/client-kms";
import { startStrongbox, type Strongbox, type StrongboxConfig } from "../../src/main.js";
import { OffsetClock } from "./clock.js";

export const ADMIN = { accessKeyId: "AKIATESTADMIN0000001", secretAccessKey: "test-admin-secret-0123456789abcdefghijklmn" } as const;
export const REGION = "us-east-1";
export const ACCOUNT = "111122223333";

export interface TestServer {
  readonly strongbox: Strongbox;
  readonly url: string;
  readonly dataDir: string;
  readonly clock: OffsetClock;
  /** Everything the server logged, for tests that look for leaked secrets. */
  logs(): string;
  /** Moves the server's clock forward, and every client's with it (SigV4 allows 5 minutes of skew). */
  advanceDays(days: number): void;
  /** A KMS client for the admin, its clock kept in step with the server's. */
  kms(options?: { credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; region?: string }): KMSClient;
  close(): Promise<void>;
}

/** A real Strongbox (dev root key, embedded SQLite) in this process, on a random loopback port. */
export async function startTestServer(options: { dataDir?: string; keepDataDir?: boolean; config?: Partial<StrongboxConfig> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "sbx-test-"));
  const clock = new OffsetClock();
  const logStream = new PassThrough();
  let logText = "";
  logStream.on("data", (chunk: Buffer) => (logText += chunk.toString("utf8")));
  const strongbox = await startStrongbox({
    dataDir: join(dataDir, "data"),
    host: "127.0.0.1",
    port: 0,
    region: REGION,
    accountId: ACCOUNT,
    dev: true,
    logLevel: "debug",
    clock,
    env: { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey },
    logDestination: logStream,
    announce: () => {},
    lifecycleIntervalMs: 3_600_000,
    // The 64 MiB default reserve, written for each of the suite's data dirs, costs time and /tmp.
    diskReserveBytes: 1024 * 1024,
    ...options.config,
  });
  const clients: KMSClient[] = [];
  return {
    strongbox,
    url: strongbox.url,
    dataDir,
    clock,
    logs: () => logText,
    advanceDays(days) {
      clock.advanceDays(days);
      for (const client of clients) client.config.systemClockOffset = clock.offsetMs;
    },
    kms(clientOptions = {}) {
      const client = new KMSClient({
        endpoint: strongbox.url,
        region: clientOptions.region ?? REGION,
        credentials: clientOptions.credentials ?? ADMIN,
        systemClockOffset: clock.offsetMs,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.destroy();
      await strongbox.close();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One server for the enclosing suite: started before its tests, closed after them. */
export function serverPerSuite(): { readonly server: TestServer; readonly kms: KMSClient } {
  let server: TestServer | undefined;
  let kms: KMSClient | undefined;
  before(async () => {
    server = await startTestServer();
    kms = server.kms();
  });
  after(() => server?.close());
  return {
    get server() {
      return server!;
    },
    get kms() {
      return kms!;
    },
  };
}
