import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations.js";
import { StoreDamagedError, StoreVersionError } from "./database.js";

/**
 * A consistent copy of a live store: VACUUM INTO reads one snapshot in one read transaction, so
 * the copy is the store as one instant left it, while the server goes on serving (WAL readers do
 * not block writers). The connection is read-only: a backup never writes to the data dir.
 */
export function snapshotSqlite(source: string, destination: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare("VACUUM INTO ?").run(destination);
  } finally {
    db.close();
  }
}

export interface StoreFileFacts {
  readonly schemaVersion: number;
  /** The seal type recorded in the store; undefined when the store was never initialised. */
  readonly sealType: string | undefined;
}

/**
 * Checks a store file that no server has open (a snapshot, a file being restored): SQLite's full
 * integrity check, a schema this Strongbox understands, and what seals it.
 */
export function inspectStoreFile(path: string): StoreFileFacts {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new StoreDamagedError(`${path} cannot be opened as a store (SQLite: ${(error as Error).message})`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
    } catch (error) {
      throw new StoreDamagedError(`${path} is damaged (SQLite: ${(error as Error).message})`);
    }
    if (problems.length !== 1 || problems[0] !== "ok") throw new StoreDamagedError(`${path} is damaged (SQLite: ${problems.slice(0, 3).join("; ")})`);
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has("schema_migrations") || !tables.has("seal_config")) throw new StoreDamagedError(`${path} is not a Strongbox store`);
    const schemaVersion = (db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as { v: number | null }).v ?? 0;
    const newest = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
    if (schemaVersion > newest) throw new StoreVersionError(`${path} has schema version ${schemaVersion}, newer than this Strongbox understands (${newest})`);
    const row = db.prepare("SELECT config FROM seal_config WHERE id = 1").get() as { config: string } | undefined;
    const sealType = row === undefined ? undefined : String((JSON.parse(row.config) as { type?: unknown }).type);
    return { schemaVersion, sealType };
  } finally {
    db.close();
  }
}
