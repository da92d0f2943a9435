import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { apiCallEvent, type AuditEvent } from "../../core/audit/index.js";
import { ACCOUNT, KEY_ARN, alice, encryptFacts, roleSession, root } from "../../core/audit/fixtures.test.js";
import type { LookupAttribute } from "../../ports/audit-repository.js";
import { openSqliteStore } from "./store.js";

const OTHER_ACCOUNT = "444455556666";
// Names a request can carry that JSON escapes or encodes specially: each must be found again.
const ODD_NAMES = ["alias/app", "alias/a\ud800b", "alias/nul\u0000x", "alias/😀", 'alias/"q"\\', "alias/line\nbreak"];

function eventNumber(n: number): AuditEvent {
  return apiCallEvent(
    encryptFacts({
      operation: ["Encrypt", "Decrypt", "DescribeKey"][n % 3]!,
      caller: [alice, roleSession, root][n % 3],
      accountId: n % 4 === 0 ? OTHER_ACCOUNT : ACCOUNT,
      input: { KeyId: ODD_NAMES[n % ODD_NAMES.length], Plaintext: "c2VjcmV0" },
      requestId: `request-${n}`,
      eventId: `event-${n}`,
      time: new Date(Date.UTC(2026, 10, 30, 10, 0, n)),
      readOnly: n % 2 === 0,
      resources: n % 5 === 0 ? [] : [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: KEY_ARN }],
    }),
  );
}

test("records appended in batches are found by every LookupEvents attribute, in each account, newest first", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-audit-repository-"));
  const store = openSqliteStore(join(dir, "strongbox.db"), { partition: "aws" });
  try {
    const events = Array.from({ length: 60 }, (_, n) => eventNumber(n));
    for (const size of [1, 7, 0, 52]) await store.audit.appendEvents(events.splice(0, size));
    assert.equal(events.length, 0);
    const records = await store.audit.range(1, 100);
    assert.equal(records.length, 60);
    // The lookup columns hold what the chained event says (so the lookups below are not checked
    // against a column that was simply never written).
    for (const r of records) {
      const event = JSON.parse(r.event) as AuditEvent;
      assert.equal(r.eventName, event.eventName);
      assert.equal(r.eventId, event.eventID);
      assert.equal(r.accessKeyId, event.userIdentity.accessKeyId);
      assert.equal(r.readOnly, event.readOnly);
      assert.ok(r.resourceNames.includes(String(event.requestParameters?.["keyId"])), "the name the request used is a resource name");
    }
    const attributes: Record<LookupAttribute, (r: (typeof records)[number]) => string[]> = {
      EventName: (r) => [r.eventName],
      Username: (r) => (r.username === undefined ? [] : [r.username]),
      ResourceName: (r) => [...r.resourceNames],
      EventSource: (r) => [r.eventSource],
      AccessKeyId: (r) => (r.accessKeyId === undefined ? [] : [r.accessKeyId]),
      ReadOnly: (r) => [String(r.readOnly)],
      EventId: (r) => [r.eventId],
    };
    let lookups = 0;
    for (const accountId of [ACCOUNT, OTHER_ACCOUNT]) {
      const inAccount = records.filter((r) => r.accountId === accountId).reverse();
      for (const [key, valuesOf] of Object.entries(attributes) as [LookupAttribute, (typeof attributes)[LookupAttribute]][]) {
        const values = new Set(records.flatMap(valuesOf));
        assert.ok(values.size > 0, `some record has a ${key}`);
        for (const value of values) {
          const found = await store.audit.lookup({ accountId, attribute: { key, value }, limit: 1000 });
          const expected = inAccount.filter((r) => valuesOf(r).includes(value));
          assert.deepEqual(found.map((r) => r.seq), expected.map((r) => r.seq), `${accountId} ${key}=${JSON.stringify(value)}`);
          lookups++;
        }
      }
    }
    assert.ok(lookups > 30);
    for (const name of ODD_NAMES) {
      const found = await store.audit.lookup({ accountId: ACCOUNT, attribute: { key: "ResourceName", value: name }, limit: 1000 });
      assert.ok(found.length > 0, `the resource name ${JSON.stringify(name)} is found`);
    }
    const newestUse = records.filter((r) => ["Encrypt", "Decrypt"].includes(r.eventName) && r.resourceNames.includes(KEY_ARN)).at(-1)!;
    assert.deepEqual(await store.audit.lastUse(KEY_ARN), {
      operation: newestUse.eventName,
      time: newestUse.eventTime,
      eventId: newestUse.eventId,
      requestId: JSON.parse(newestUse.event).requestID,
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
