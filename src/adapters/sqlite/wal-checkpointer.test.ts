import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { apiCallEvent, type AuditEvent } from "../../core/audit/index.js";
import { encryptFacts } from "../../core/audit/fixtures.test.js";
import { ThreadedAuditAppender } from "./audit-writer-thread.js";
import { WalCheckpointer } from "./wal-checkpointer.js";
import { openSqlite } from "./database.js";
import { MIGRATIONS } from "./migrations.js";
import { openSqliteStore } from "./store.js";

/** 3,000 records: about three times the 1,000 pages of log at which SQLite checkpoints by itself. */
function batches(phase: string): AuditEvent[][] {
  return Array.from({ length: 30 }, (_, b) =>
    Array.from({ length: 100 }, (_, i) => apiCallEvent({ ...encryptFacts(), requestId: `r-${phase}-${b}-${i}`, eventId: `e-${phase}-${b}-${i}`, time: new Date() })),
  );
}

const sizeOf = (path: string) => statSync(path).size;
const LOG_PAGES_BEFORE_AUTO_CHECKPOINT = 1000 * 4096;

test("with checkpoints on their own thread, commits leave the log to it, and it copies the log into the database file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-checkpoint-"));
  const path = join(dir, "strongbox.db");
  try {
    // Without the checkpointer: the writer's commits never checkpoint, so the log grows past the
    // point where SQLite would have copied it, and the database file stays as it was.
    const main = openSqlite(path, MIGRATIONS, { autoCheckpoint: false });
    const writer = new ThreadedAuditAppender(path, { autoCheckpoint: false });
    const before = sizeOf(path);
    for (const batch of batches("alone")) await writer.appendEvents(batch);
    assert.ok(sizeOf(`${path}-wal`) > LOG_PAGES_BEFORE_AUTO_CHECKPOINT, "the log holds more than 1,000 pages");
    assert.equal(sizeOf(path), before, "no commit copied the log into the database file");
    await writer.close();
    main.close();

    // With it: the same appends reach the database file within a few intervals.
    const store = openSqliteStore(path, { partition: "aws", auditWriterThread: true, checkpointThread: true });
    try {
      const start = sizeOf(path);
      for (const batch of batches("with")) await store.audit.appendEvents(batch);
      const deadline = Date.now() + 5000;
      while (sizeOf(path) <= start + 2 * 1024 * 1024 && Date.now() < deadline) await sleep(50);
      assert.ok(sizeOf(path) > start + 2 * 1024 * 1024, "the checkpointer copied the new records into the database file");
      assert.equal((await store.audit.range(1, 10_000)).length, 6000);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a checkpointer that cannot work says so (automatic checkpoints are off: the log would grow unseen), and closes", async () => {
  const problems: string[] = [];
  const checkpointer = new WalCheckpointer({ path: join(tmpdir(), "sbx-no-such-dir", "strongbox.db"), intervalMs: 50 }, (problem) => problems.push(problem));
  const deadline = Date.now() + 10_000;
  while (problems.length === 0 && Date.now() < deadline) await sleep(20);
  await checkpointer.close();
  assert.match(problems[0] ?? "", /the WAL checkpointer stopped/);
});
