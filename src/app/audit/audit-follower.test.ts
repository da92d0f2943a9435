import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuditEvent } from "../../core/audit/index.js";
import type { StoredAuditRecord } from "../../ports/audit-repository.js";
import { makeAuditFollower } from "./audit-follower.js";

const record = (seq: number): StoredAuditRecord =>
  ({ seq, event: JSON.stringify({ eventName: `E${seq}` }), hash: `h${seq}`, previousHash: `h${seq - 1}` }) as unknown as StoredAuditRecord;

function trail(initial: number) {
  const records = Array.from({ length: initial }, (_, i) => record(i + 1));
  return {
    records,
    append: (n: number) => {
      for (let i = 0; i < n; i++) records.push(record(records.length + 1));
    },
    repo: {
      last: async () => records.at(-1),
      range: async (from: number, limit: number) => records.filter((r) => r.seq >= from).slice(0, limit),
    },
  };
}

test("reads only what is written after start, in order, each record once, across pages", async () => {
  const t = trail(3);
  const seen: string[] = [];
  const follower = makeAuditFollower({ repo: t.repo, onEvents: (events: readonly AuditEvent[]) => seen.push(...events.map((e) => e.eventName)) });
  await follower.poll();
  assert.deepEqual(seen, [], "nothing before start");
  await follower.start();
  await follower.poll();
  assert.deepEqual(seen, []);
  t.append(2);
  await Promise.all([follower.poll(), follower.poll()]);
  assert.deepEqual(seen, ["E4", "E5"]);
  t.append(1200);
  await follower.poll();
  assert.equal(seen.length, 1202);
  assert.equal(seen.at(-1), "E1205");
  await follower.poll();
  assert.equal(seen.length, 1202);
});
