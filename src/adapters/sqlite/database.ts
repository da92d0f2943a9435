import Database from "better-sqlite3";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type Sqlite = Database.Database;

export class StoreVersionError extends Error {}

/**
 * Opens the database durably: WAL, and synchronous=FULL so that a committed answer survives a
 * crash of the process and of the machine. Runs pending migrations in one transaction each.
 */
export function openSqlite(path: string, migrations: readonly Migration[] = MIGRATIONS, options: ConnectionOptions = {}): Sqlite {
  let db: Sqlite;
  try {
    db = openSqliteConnection(path, options);
  } catch (error) {
    throw damaged(path, error);
  }
  try {
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw damaged(path, error);
  }
}

/** SQLite's codes for a file that is not a database, or one whose pages are damaged. */
const DAMAGE_CODES = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT"]);

/**
 * A store that cannot be read is named, with what SQLite said, and left as it is: Strongbox
 * never "repairs" a data dir by dropping what it cannot read.
 */
function damaged(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !DAMAGE_CODES.has(code)) return error;
  return new StoreDamagedError(
    `the store ${path} cannot be read (SQLite: ${(error as Error).message}); Strongbox left it unchanged and will not start on it. Restore the data dir from a backup.`,
  );
}

export class StoreDamagedError extends Error {}

export interface ConnectionOptions {
  /**
   * false when a WalCheckpointer thread does the checkpoints: a commit then never copies the log
   * into the database file itself. Default true (SQLite's, every 1,000 pages of log).
   */
  readonly autoCheckpoint?: boolean;
  /** How long a statement waits for a lock another connection holds before SQLITE_BUSY; default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

/** Another connection to a store that is already migrated (the audit writer thread's), with the same durability. */
export function openSqliteConnection(path: string, options: ConnectionOptions = {}): Sqlite {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (options.autoCheckpoint === false) db.pragma("wal_autocheckpoint = 0");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Sqlite, migrations: readonly Migration[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const applied = new Set((db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((row) => row.version));
  const newestApplied = Math.max(0, ...applied);
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (newestApplied > newest) {
    throw new StoreVersionError(`the data dir has schema version ${newestApplied}, newer than this Strongbox understands (${newest}); refusing to start`);
  }
  // Each migration by its own number, not "everything above the highest applied": branches that
  // took numbers out of order (11 before 9 and 10 merged) still get every migration, once.
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}
