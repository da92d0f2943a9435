import { existsSync, fsyncSync, openSync, closeSync, readFileSync, renameSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BackupFormatError, INSECURE_BACKUP_WARNING, type BackupManifest, type BackupSealType } from "../../core/backup-manifest.js";
import { inspectStoreFile, snapshotSqlite } from "../sqlite/snapshot.js";
import { extractBackupSnapshot, writeBackupFile } from "./backup-file.js";

/** The files of a data dir that a backup carries. */
export interface DataDirLayout {
  readonly dataDir: string;
  readonly databaseFile: string;
  readonly devRootKeyFile: string;
}

export class BackupError extends Error {}

/** A name beside `path` for a file being built; it never collides with a real one. */
function scratchBeside(path: string, what: string): string {
  return join(dirname(path), `.${basename(path)}.${what}-${process.pid}-${Date.now()}`);
}

/**
 * `strongbox backup`: a consistent snapshot of a data dir's store, taken while its server serves,
 * written to `out` with a manifest and the snapshot's SHA-256. Everything secret in it stays
 * wrapped under the root key, except for a --dev data dir, whose insecure root key file goes along.
 */
export async function backupDataDir(layout: DataDirLayout, out: string, meta: { strongboxVersion: string; now: Date }): Promise<BackupManifest> {
  const database = join(layout.dataDir, layout.databaseFile);
  if (!existsSync(database)) throw new BackupError(`${layout.dataDir} holds no Strongbox store`);
  if (existsSync(out)) throw new BackupError(`${out} exists; a backup never overwrites a file`);
  const snapshot = scratchBeside(out, "snapshot");
  try {
    snapshotSqlite(database, snapshot);
    const facts = inspectStoreFile(snapshot);
    if (facts.sealType === undefined) throw new BackupError(`${layout.dataDir} is not initialised; there is nothing to back up`);
    const seal = facts.sealType as BackupSealType;
    const devRootKeyFile = seal === "dev" ? readFileSync(join(layout.dataDir, layout.devRootKeyFile), "utf8") : undefined;
    return await writeBackupFile(out, snapshot, {
      format: 1,
      createdAt: meta.now.toISOString(),
      strongboxVersion: meta.strongboxVersion,
      schemaVersion: facts.schemaVersion,
      seal,
      ...(devRootKeyFile !== undefined ? { devRootKeyFile, warning: INSECURE_BACKUP_WARNING } : {}),
    });
  } finally {
    rmSync(snapshot, { force: true });
  }
}

/**
 * `strongbox restore`: builds a data dir from a backup. The target must hold no store (a restore
 * never replaces one); the snapshot is checked against its manifest and by SQLite's integrity
 * check before it takes the store's name, so a failed restore leaves no store behind.
 */
export async function restoreDataDir(file: string, layout: DataDirLayout): Promise<BackupManifest> {
  const database = join(layout.dataDir, layout.databaseFile);
  const devKey = join(layout.dataDir, layout.devRootKeyFile);
  for (const existing of [database, `${database}-wal`, devKey]) {
    if (existsSync(existing)) throw new BackupError(`${layout.dataDir} already holds a store (${basename(existing)}); restore into an empty data dir`);
  }
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  mkdirSync(layout.dataDir, { recursive: true, mode: 0o700 });
  const incoming = scratchBeside(database, "restoring");
  try {
    let manifest: BackupManifest;
    try {
      manifest = await extractBackupSnapshot(file, incoming);
    } catch (error) {
      if (error instanceof BackupFormatError) throw new BackupError(`${file} cannot be restored: ${error.message}`);
      throw error;
    }
    const facts = inspectStoreFile(incoming);
    if (facts.sealType !== manifest.seal || facts.schemaVersion !== manifest.schemaVersion) {
      throw new BackupError(`${file} cannot be restored: its snapshot does not match its manifest`);
    }
    if (manifest.devRootKeyFile !== undefined) writeFileSync(devKey, manifest.devRootKeyFile, { mode: 0o600, flag: "wx" });
    try {
      renameSync(incoming, database);
    } catch (error) {
      if (manifest.devRootKeyFile !== undefined) rmSync(devKey, { force: true });
      throw error;
    }
    syncDirectory(layout.dataDir);
    return manifest;
  } finally {
    rmSync(incoming, { force: true });
  }
}

/** A rename is durable only once its directory is. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
