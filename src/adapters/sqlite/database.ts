import Database from "better-sqlite3";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type Sqlite = Database.Database;

export class StoreVersionError extends Error {}

/**
 * Opens the database durably: WAL, and synchronous=FULL so that a committed answer survives a
 * crash of the process and of the machine. Runs pending migrations in one transaction each.
 */
export function openSqlite(path: string, migrations: readonly Migration[] = MIGRATIONS): Sqlite {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Sqlite, migrations: readonly Migration[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const applied = (db.prepare("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").get() as { v: number }).v;
  const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (applied > newest) {
    throw new StoreVersionError(`the data dir has schema version ${applied}, newer than this Strongbox understands (${newest}); refusing to start`);
  }
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of migrations) {
    if (migration.version <= applied) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }).immediate();
  }
}
