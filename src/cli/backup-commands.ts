import { Command } from "commander";
import { backupStrongboxDataDir, restoreStrongboxDataDir } from "../main.js";
import type { BackupManifest } from "../core/backup-manifest.js";

function describe(manifest: BackupManifest): string {
  return `${manifest.database.bytes} bytes of store, schema version ${manifest.schemaVersion}, ${manifest.seal} seal, sha256 ${manifest.database.sha256}`;
}

const INSECURE = "WARNING: this is a --dev data dir: its INSECURE root key is in the backup, and anyone who reads the file can decrypt everything in it\n";

export function backupCommand(defaults: { dataDir: string }): Command {
  return new Command("backup")
    .description("write a consistent snapshot of a data dir to a file, while its server runs; key material stays wrapped under the root key")
    .requiredOption("--out <file>", "the backup file to create (never overwritten; mode 0600)")
    .option("--data-dir <dir>", "the data dir", defaults.dataDir)
    .action(async (options: { out: string; dataDir: string }) => {
      const manifest = await backupStrongboxDataDir({ dataDir: options.dataDir, out: options.out });
      if (manifest.seal === "dev") process.stderr.write(INSECURE);
      process.stdout.write(`backed up ${options.dataDir} to ${options.out}: ${describe(manifest)}\n`);
    });
}

export function restoreCommand(defaults: { dataDir: string }): Command {
  return new Command("restore")
    .description("create a data dir from a backup file (the data dir must hold no store); unseal it as the original was unsealed")
    .argument("<file>", "the backup file")
    .option("--data-dir <dir>", "the data dir to create", defaults.dataDir)
    .action(async (file: string, options: { dataDir: string }) => {
      const manifest = await restoreStrongboxDataDir({ file, dataDir: options.dataDir });
      process.stdout.write(`restored ${options.dataDir} from ${file} (taken ${manifest.createdAt}): ${describe(manifest)}\n`);
    });
}
