import { writeFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { INSECURE_BACKUP_WARNING, type BackupManifest } from "../core/backup-manifest.js";
import { restoreStrongboxDataDir } from "../main.js";

/** An export is a backup of a --dev data dir: restored as one, after checking that it is one. */
export function importEmulatorState(file: string, dataDir: string): Promise<BackupManifest> {
  return restoreStrongboxDataDir({ file, dataDir, onlySeal: "dev" });
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number of seconds, 0 or more");
  return n;
}

/** POSTs to an emulator's own route (unsigned, as moto's are) and returns its JSON answer's text. */
async function post(endpoint: string, path: string, body: unknown): Promise<string> {
  const response = await fetch(new URL(path, endpoint), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) {
    const parsed = (() => {
      try {
        return JSON.parse(text) as { message?: string };
      } catch {
        return {};
      }
    })();
    throw new Error(`${path} answered ${response.status}: ${parsed.message ?? text.slice(0, 200)}${response.status === 400 && !parsed.message ? " (is the server running with --emulator?)" : ""}`);
  }
  return text;
}

const print = (text: string) => {
  process.stdout.write(`${text}\n`);
};

/** `strongbox emulator ...`: the verbs of a server started with --emulator (docs/emulator.md). */
export function emulatorCommand(defaults: { endpoint: string }): Command {
  const emulator = new Command("emulator").description("drive a server started with --emulator: reset its state, move its clock");
  emulator
    .command("reset")
    .description("clear every account's keys, aliases, grants, IAM entities, secrets and parameters (the trail stays)")
    .option("--endpoint <url>", "the emulator", defaults.endpoint)
    .action(async (options: { endpoint: string }) => print(await post(options.endpoint, "/sys/emulator/reset", {})));
  emulator
    .command("clock")
    .description("move the emulator's clock forward; deletions, rotations and expirations that fall due run at once")
    .requiredOption("--advance-seconds <n>", "how far to move it", seconds)
    .option("--endpoint <url>", "the emulator", defaults.endpoint)
    .action(async (options: { endpoint: string; advanceSeconds: number }) => print(await post(options.endpoint, "/sys/emulator/clock", { advanceSeconds: options.advanceSeconds })));
  emulator
    .command("export")
    .description("write the running emulator's whole state to a file (INSECURE: its root key is in it), for a CI job to start from")
    .argument("<file>", "the file to create (never overwritten; mode 0600)")
    .option("--endpoint <url>", "the emulator", defaults.endpoint)
    .action(async (file: string, options: { endpoint: string }) => {
      const answer = JSON.parse(await post(options.endpoint, "/sys/emulator/export", {})) as { file: string };
      writeFileSync(file, Buffer.from(answer.file, "base64"), { mode: 0o600, flag: "wx" });
      process.stderr.write(`${INSECURE_BACKUP_WARNING}\n`);
      print(`exported the emulator's state to ${file}`);
    });
  emulator
    .command("import")
    .description("make a data dir from an export (the data dir must hold no store); then start it with server --emulator --data-dir, or use server --emulator --import FILE")
    .argument("<file>", "an export (strongbox emulator export)")
    .requiredOption("--data-dir <dir>", "the data dir to create")
    .action(async (file: string, options: { dataDir: string }) => {
      const manifest = await importEmulatorState(file, options.dataDir);
      print(`imported ${file} (exported ${manifest.createdAt}) into ${options.dataDir}`);
    });
  return emulator;
}
