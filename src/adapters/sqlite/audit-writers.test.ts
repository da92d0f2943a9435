import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { apiCallEvent, chainHash, GENESIS_HASH, type AuditEvent } from "../../core/audit/index.js";
import { encryptFacts } from "../../core/audit/fixtures.test.js";
import { openSqliteConnection } from "./database.js";
import { openSqliteStore } from "./store.js";
import { AuditWriteError, ThreadedAuditAppender } from "./audit-writer-thread.js";

const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function event(writer: string, n: number): AuditEvent {
  const facts = encryptFacts();
  return apiCallEvent({ ...facts, requestId: `${writer}-${n}`, eventId: `${writer}-event-${n}`, time: new Date(Date.UTC(2026, 10, 30, 10, 0, n % 60)) });
}

test("writers on separate connections (the writer thread, an inline one) extend one chain, and GetKeyLastUsage keeps the latest use", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-audit-writers-"));
  const path = join(dir, "strongbox.db");
  const threaded = openSqliteStore(path, { partition: "aws", auditWriterThread: true });
  const inline = openSqliteStore(path, { partition: "aws" });
  try {
    // Batches from both writers, interleaved and concurrent: each must chain after whatever the
    // other committed before it took the write lock.
    const batches: Promise<void>[] = [];
    for (let b = 0; b < 40; b++) {
      batches.push(threaded.audit.appendEvents([event("thread", 2 * b), event("thread", 2 * b + 1)]));
      batches.push(inline.audit.appendEvents([event("inline", b)]));
    }
    await Promise.all(batches);
    const records = await inline.audit.range(1, 1000);
    assert.equal(records.length, 120);
    let previous = GENESIS_HASH;
    records.forEach((record, i) => {
      assert.equal(record.seq, i + 1, "no gap and no duplicate seq");
      assert.equal(record.previousHash, previous, `record ${record.seq} links to the one before it`);
      assert.equal(record.hash, chainHash(record.previousHash, record.seq, record.event), `record ${record.seq} hashes to its stored hash`);
      previous = record.hash;
    });
    assert.deepEqual(new Set(records.map((r) => r.eventId.split("-")[0])), new Set(["thread", "inline"]));
    const lastUse = await inline.audit.lastUse(KEY_ARN);
    const newest = records[records.length - 1]!;
    assert.equal(lastUse?.eventId, newest.eventId, "the last use is the newest record's");
    assert.equal(lastUse?.requestId, JSON.parse(newest.event).requestID);
  } finally {
    await threaded.close();
    await inline.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a writer thread that cannot reach the store fails its batches (the calls fail closed), starts again for the next, and closes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-audit-restart-"));
  const path = join(dir, "later", "strongbox.db");
  const writer = new ThreadedAuditAppender(path);
  try {
    await assert.rejects(writer.appendEvents([event("lost", 1)]), AuditWriteError);
    // The store appears: the next batch gets a new thread, which reaches it.
    mkdirSync(join(dir, "later"));
    const store = openSqliteStore(path, { partition: "aws" });
    await store.close();
    await writer.appendEvents([event("kept", 1)]);
    const reader = openSqliteStore(path, { partition: "aws" });
    assert.deepEqual((await reader.audit.range(1, 10)).map((r) => r.eventId), ["kept-event-1"]);
    await reader.close();
    await writer.close();
    await assert.rejects(writer.appendEvents([event("late", 1)]), /closed/);
  } finally {
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the writer thread waits for a write lock another connection holds, then appends", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-audit-lock-"));
  const path = join(dir, "strongbox.db");
  const store = openSqliteStore(path, { partition: "aws", auditWriterThread: true });
  const holder = openSqliteConnection(path, { busyTimeoutMs: 0 });
  try {
    await store.audit.appendEvents([event("before", 1)]);
    holder.exec("BEGIN IMMEDIATE");
    let written = false;
    const appending = store.audit.appendEvents([event("waiting", 1)]).then(() => (written = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(written, false, "nothing is written while another connection holds the lock");
    holder.exec("COMMIT");
    await appending;
    assert.deepEqual((await store.audit.range(1, 10)).map((r) => r.eventId), ["before-event-1", "waiting-event-1"]);
  } finally {
    holder.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
