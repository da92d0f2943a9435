import { chainEvents, lastUsesOf, makeCanonicalJson, type AuditEvent, type ChainTail } from "../../core/audit/index.js";
import type { AuditQuery, AuditRepository, AuditSigningKey, StoredAuditRecord } from "../../ports/audit-repository.js";
import type { Sqlite } from "./database.js";

interface EventRow {
  seq: number;
  event_id: string;
  event_time: number;
  event_name: string;
  event_source: string;
  account_id: string;
  username: string | null;
  access_key_id: string | null;
  read_only: number;
  resource_names: string;
  event: string;
  previous_hash: string;
  hash: string;
}

const toRecord = (r: EventRow): StoredAuditRecord => ({
  seq: r.seq,
  eventId: r.event_id,
  eventTime: new Date(r.event_time),
  eventName: r.event_name,
  eventSource: r.event_source,
  accountId: r.account_id,
  username: r.username ?? undefined,
  accessKeyId: r.access_key_id ?? undefined,
  readOnly: r.read_only === 1,
  resourceNames: JSON.parse(r.resource_names) as string[],
  event: r.event,
  previousHash: r.previous_hash,
  hash: r.hash,
});

/** The column (or JSON array) each LookupEvents attribute filters on. */
const ATTRIBUTE_FILTER: Readonly<Record<NonNullable<AuditQuery["attribute"]>["key"], string>> = {
  EventName: "event_name = @value",
  Username: "username = @value",
  EventSource: "event_source = @value",
  AccessKeyId: "access_key_id = @value",
  ReadOnly: "read_only = (CASE WHEN @value = 'true' THEN 1 ELSE 0 END)",
  EventId: "event_id = @value",
  ResourceName: "seq IN (SELECT seq FROM audit_resources WHERE account_id = @accountId AND name = @value)",
};

export function makeSqliteAuditRepository(db: Sqlite): AuditRepository {
  const statements = {
    ...appendStatements(db),
    pruneEvents: db.prepare("DELETE FROM audit_events WHERE seq <= ?"),
    pruneResources: db.prepare("DELETE FROM audit_resources WHERE seq <= ?"),
    range: db.prepare("SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT ?"),
    insertDigest: db.prepare("INSERT INTO audit_digests VALUES (?, ?, ?)"),
    lastUse: db.prepare("SELECT operation, used_at, event_id, request_id FROM kms_key_last_use WHERE key_arn = ?"),
    first: db.prepare("SELECT event_time FROM audit_events ORDER BY seq LIMIT 1"),
    digests: db.prepare("SELECT to_seq, from_seq, digest FROM audit_digests ORDER BY to_seq"),
    signingKey: db.prepare("SELECT wrapped_private_key, public_key, created_at FROM audit_signing_key WHERE id = 1"),
    insertSigningKey: db.prepare("INSERT INTO audit_signing_key VALUES (1, ?, ?, ?) ON CONFLICT DO NOTHING"),
  };
  const lookups = new Map(
    (Object.entries(ATTRIBUTE_FILTER) as [keyof typeof ATTRIBUTE_FILTER, string][]).map(([key, filter]) => [key, lookupStatement(db, filter)]),
  );
  const noFilter = lookupStatement(db, "1 = 1");
  const appendTx = makeAppendTransaction(db, statements);
  const pruneTx = db.transaction((throughSeq: number) => {
    statements.pruneResources.run(throughSeq);
    return statements.pruneEvents.run(throughSeq).changes;
  });
  const readSigningKey = (): AuditSigningKey | undefined => {
    const row = statements.signingKey.get() as { wrapped_private_key: Buffer; public_key: Buffer; created_at: number } | undefined;
    return row && { wrappedPrivateKey: row.wrapped_private_key, publicKey: row.public_key, createdAt: new Date(row.created_at) };
  };
  return {
    async appendEvents(events) {
      return appendTx.immediate(events);
    },
    async last() {
      return statements.last.get() as { seq: number; hash: string } | undefined;
    },
    async range(fromSeq, limit) {
      return (statements.range.all(fromSeq, limit) as EventRow[]).map(toRecord);
    },
    async lookup(query) {
      const statement = query.attribute ? lookups.get(query.attribute.key)! : noFilter;
      const rows = statement.all({
        accountId: query.accountId,
        value: query.attribute?.value ?? null,
        start: query.start?.getTime() ?? 0,
        end: query.end?.getTime() ?? Number.MAX_SAFE_INTEGER,
        before: query.beforeSeq ?? Number.MAX_SAFE_INTEGER,
        limit: query.limit,
      }) as EventRow[];
      return rows.map(toRecord);
    },
    async lastUse(keyArn) {
      const row = statements.lastUse.get(keyArn) as { operation: string; used_at: number; event_id: string; request_id: string } | undefined;
      return row && { operation: row.operation, time: new Date(row.used_at), eventId: row.event_id, requestId: row.request_id };
    },
    async trackingStart() {
      const row = statements.first.get() as { event_time: number } | undefined;
      return row && new Date(row.event_time);
    },
    async prune(throughSeq) {
      return pruneTx.immediate(throughSeq);
    },
    async appendDigest(digest) {
      statements.insertDigest.run(digest.toSeq, digest.fromSeq, digest.digest);
    },
    async digests() {
      return (statements.digests.all() as { to_seq: number; from_seq: number; digest: string }[]).map((r) => ({ toSeq: r.to_seq, fromSeq: r.from_seq, digest: r.digest }));
    },
    async signingKey() {
      return readSigningKey();
    },
    async saveSigningKey(key) {
      statements.insertSigningKey.run(key.wrappedPrivateKey, key.publicKey, key.createdAt.getTime());
      return readSigningKey()!;
    },
  };
}

function lookupStatement(db: Sqlite, filter: string) {
  return db.prepare(`SELECT * FROM audit_events WHERE account_id = @accountId AND ${filter} AND event_time >= @start AND event_time <= @end
    AND seq < @before ORDER BY seq DESC LIMIT @limit`);
}

type AppendStatements = ReturnType<typeof appendStatements>;

function appendStatements(db: Sqlite) {
  return {
    // Positional parameters: binding an array of values is cheaper than a named-parameter object per record.
    insert: db.prepare(`INSERT INTO audit_events (seq, event_id, event_time, event_name, event_source, account_id, username, access_key_id,
      read_only, resource_names, event, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    last: db.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"),
    // One statement per batch, from the resource_names just inserted, instead of one per name:
    // a statement run costs more than the row it writes. json_each gives back exactly the strings
    // JSON.stringify wrote (lone surrogates and NULs included), so the rows are the same.
    insertResources: db.prepare(`INSERT OR IGNORE INTO audit_resources (account_id, name, seq)
      SELECT account_id, names.value, seq FROM audit_events, json_each(audit_events.resource_names) AS names WHERE seq BETWEEN ? AND ?`),
    upsertLastUse: db.prepare(`INSERT INTO kms_key_last_use (key_arn, operation, used_at, event_id, request_id) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (key_arn) DO UPDATE SET operation = excluded.operation, used_at = excluded.used_at, event_id = excluded.event_id, request_id = excluded.request_id`),
  };
}

/**
 * The one way records are written: inside an IMMEDIATE transaction (the write lock is taken
 * first), read the tail, chain the batch after it, insert. A second connection, thread or
 * process appending at the same time waits for the lock and then chains after this batch.
 */
function makeAppendTransaction(db: Sqlite, statements: AppendStatements) {
  const eventJson = makeCanonicalJson();
  const transaction = db.transaction((events: readonly AuditEvent[]): void => {
    if (events.length === 0) return;
    const tail = statements.last.get() as ChainTail | undefined;
    const records = chainEvents(tail, events, eventJson);
    for (const r of records) {
      statements.insert.run(
        r.seq, r.eventId, r.eventTime.getTime(), r.eventName, r.eventSource, r.accountId, r.username ?? null, r.accessKeyId ?? null,
        r.readOnly ? 1 : 0, JSON.stringify(r.resourceNames), r.event, r.previousHash, r.hash,
      );
    }
    statements.insertResources.run(records[0]!.seq, records[records.length - 1]!.seq);
    for (const [keyArn, r] of lastUsesOf(records)) {
      statements.upsertLastUse.run(keyArn, r.eventName, r.eventTime.getTime(), r.eventId, r.requestId ?? r.eventId);
    }
  });
  return { immediate: (events: readonly AuditEvent[]) => transaction.immediate(events) };
}

/**
 * Only the append path of the trail, on a connection of its own (the audit writer thread opens
 * one): what it needs to write, nothing it could read or delete with.
 */
export function makeSqliteAuditAppender(db: Sqlite): { appendEvents(events: readonly AuditEvent[]): void } {
  const transaction = makeAppendTransaction(db, appendStatements(db));
  return { appendEvents: (events) => transaction.immediate(events) };
}
