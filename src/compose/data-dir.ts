/** The files of a data dir, and opening its store: shared by the server and the offline commands. */
import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { openSqliteStore, type SqliteStoreOptions } from "../adapters/sqlite/store.js";
import type { Clock } from "../ports/clock.js";
import type { DataDirLayout } from "../adapters/backup/data-dir-backup.js";
import { DEV_ROOT_KEY_FILE } from "../adapters/seal/dev-root-key-file.js";
import type { Store } from "../ports/store.js";

/** Time as the machine tells it, for everything but tests (which pass a clock of their own). */
export const systemClock: Clock = { now: () => new Date() };

export const DATABASE_FILE = "strongbox.db";
export const ADMIN_CREDENTIALS_FILE = "admin-credentials.json";
/** Space held back for the audit trail (adapters/disk-reserve.ts). */
export const DISK_RESERVE_FILE = "disk-reserve";

/**
 * A server writes its store and trail on every call: a data dir it cannot write (a read-only file
 * system, a directory of another user's) is named at start instead of failing every call after it.
 */
export function requireWritableDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const path of [dataDir, join(dataDir, DATABASE_FILE)]) {
    try {
      if (path === dataDir || existsSync(path)) accessSync(path, constants.W_OK);
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      const why = code === "EROFS" ? "it is on a read-only file system" : code === "EACCES" || code === "EPERM" ? "this user may not write it" : String(code);
      throw new StartupError(`cannot write ${path}: ${why}. A server writes its store and audit trail on every call; make the data dir writable`);
    }
  }
}

/** A refusal a command explains to its operator (exit status 2), not a failure of Strongbox. */
export class StartupError extends Error {}

export function openStore(dataDir: string, partition: string, options: Omit<SqliteStoreOptions, "partition"> = {}): Store {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return openSqliteStore(join(dataDir, DATABASE_FILE), { partition, ...options });
}

/** The files of a data dir that a backup carries (adapters/backup). */
export function dataDirLayout(dataDir: string): DataDirLayout {
  return { dataDir, databaseFile: DATABASE_FILE, devRootKeyFile: DEV_ROOT_KEY_FILE };
}
