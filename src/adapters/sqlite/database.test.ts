import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openSqlite, StoreVersionError } from "./database.js";
import type { Migration } from "./migrations.js";

const table = (version: number): Migration => ({ version, name: `m${version}`, sql: `CREATE TABLE t${version} (x INTEGER);` });
const applied = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[]).map((r) => r.version);
  } finally {
    db.close();
  }
};

test("migrations numbered out of order (11 merged before 9 and 10) are each applied once", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-migrate-"));
  try {
    const path = join(dir, "db.sqlite");
    openSqlite(path, [table(1), table(2), table(11)]).close();
    assert.deepEqual(applied(path), [1, 2, 11]);
    openSqlite(path, [table(1), table(2), table(9), table(10), table(11)]).close();
    assert.deepEqual(applied(path), [1, 2, 9, 10, 11]);
    openSqlite(path, [table(1), table(2), table(9), table(10), table(11)]).close();
    assert.deepEqual(applied(path), [1, 2, 9, 10, 11]);
    assert.throws(() => openSqlite(path, [table(1), table(2)]), StoreVersionError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
