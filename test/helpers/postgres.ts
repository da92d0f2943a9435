/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp dir, one postmaster on a free
 * 127.0.0.1 port, password (SCRAM) authentication over TCP. initdb and postgres refuse to run as
 * root, so when the test process is root (CI) both run as `nobody` through runuser; otherwise they
 * run as the current user. stop() shuts the cluster down and removes the directory.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface PostgresCluster {
  readonly host: string;
  readonly port: number;
  readonly superuser: { readonly username: string; readonly password: string };
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";

/** The bin directory of the newest installed PostgreSQL (Debian layout), or undefined. */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function uidOf(user: string): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", user], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", user], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new Error(`no user ${user}`);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** argv prefixed so it runs as `nobody` when we are root. */
function asClusterOwner(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "nobody", "--", command, ...args]] : [command, [...args]];
}

async function waitReady(port: number, password: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited during start-up:\n${log()}`);
    const client = new pg.Client({ host: "127.0.0.1", port, user: SUPERUSER, password, database: "postgres", connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres not ready after ${timeoutMs} ms:\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startPostgres(options: { readonly timeoutMs?: number } = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  const dir = mkdtempSync(join(tmpdir(), "strongbox-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(18).toString("base64url");
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const { uid, gid } = uidOf("nobody");
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  let child: ChildProcess | undefined;
  let output = "";
  const cleanup = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child?.once("exit", () => resolve()));
      // SIGINT to the postmaster is PostgreSQL's "fast" shutdown: backends are ended, no waiting for clients.
      const pidFile = join(data, "postmaster.pid");
      const postmaster = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : NaN;
      try {
        if (Number.isInteger(postmaster) && postmaster > 0) process.kill(postmaster, "SIGINT");
        else if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child?.pid !== undefined) process.kill(-child.pid, "SIGKILL");
          if (Number.isInteger(postmaster) && postmaster > 0) process.kill(postmaster, "SIGKILL");
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [initCmd, initArgs] = asClusterOwner(join(bin, "initdb"), [
      "-D", data, "-U", SUPERUSER, `--pwfile=${pwfile}`, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync",
    ]);
    const init = spawnSync(initCmd, initArgs, { cwd: dir, encoding: "utf8" });
    if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
    rmSync(pwfile);
    const port = await freePort();
    const [cmd, args] = asClusterOwner(join(bin, "postgres"), [
      "-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`, "-c", "fsync=off", "-c", "logging_collector=off",
    ]);
    // Its own process group, so a stuck start-up can be killed as a whole.
    child = spawn(cmd, args, { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    // A test process that exits without calling stop() (a crash, a hung test killed) takes the cluster with it.
    const onExit = (): void => {
      try {
        if (child?.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    };
    process.once("exit", onExit);
    child.once("exit", () => process.removeListener("exit", onExit));
    child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
    await waitReady(port, password, child, () => output.slice(-4000), options.timeoutMs ?? 30_000);
    return { host: "127.0.0.1", port, superuser: { username: SUPERUSER, password }, stop: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
