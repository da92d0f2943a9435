/**
 * A data dir whose store cannot be read: Strongbox refuses to start, names the file and what
 * SQLite said, and leaves the file exactly as it was (it never "repairs" by dropping data).
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, startChildServer } from "./helpers/child-server.js";

const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

test("a store that is not a database is named and left unchanged, and the server does not start", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-damage-"));
  const dataDir = join(dir, "data");
  try {
    const server = await startChildServer(["--dev", "--data-dir", dataDir]);
    server.child.kill("SIGTERM");
    assert.equal(await server.exited(), 0);
    const db = join(dataDir, "strongbox.db");
    writeFileSync(db, randomBytes(statSync(db).size));
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    const before = digest(db);
    const started = await runCli(["server", "--dev", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir]);
    assert.equal(started.code, 1);
    assert.match(started.stderr, new RegExp(`the store ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} cannot be read \\(SQLite: file is not a database\\)`));
    assert.match(started.stderr, /left it unchanged/);
    assert.doesNotMatch(started.stderr, /\n\s+at /, "no stack trace");
    assert.equal(digest(db), before, "the file is as it was");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
