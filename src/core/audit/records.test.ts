import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalEventJson } from "./canonical-json.js";
import { chainHash, GENESIS_HASH } from "./chain.js";
import { apiCallEvent } from "./event.js";
import { encryptFacts, KEY_ARN } from "./fixtures.test.js";
import { chainEvents, lastUsesOf, MAX_EVENT_CHARS } from "./records.js";

test("chainEvents links each event after the tail, with the columns LookupEvents filters on", () => {
  const events = [1, 2, 3].map((n) => apiCallEvent({ ...encryptFacts(), requestId: `request-${n}`, eventId: `event-${n}` }));
  const fromStart = chainEvents(undefined, events);
  assert.deepEqual(fromStart.map((r) => r.seq), [1, 2, 3]);
  assert.equal(fromStart[0]!.previousHash, GENESIS_HASH);
  assert.equal(fromStart[1]!.previousHash, fromStart[0]!.hash);
  assert.equal(fromStart[2]!.hash, chainHash(fromStart[1]!.hash, 3, canonicalEventJson(events[2]!)));
  assert.equal(fromStart[0]!.username, "Alice");
  assert.deepEqual(fromStart[0]!.keyUses, [KEY_ARN]);
  assert.equal(fromStart[0]!.requestId, "request-1");
  const afterTail = chainEvents({ seq: 41, hash: "ab".repeat(32) }, events.slice(0, 1));
  assert.equal(afterTail[0]!.seq, 42);
  assert.equal(afterTail[0]!.previousHash, "ab".repeat(32));
  const uses = lastUsesOf(fromStart);
  assert.equal(uses.get(KEY_ARN)?.eventId, "event-3", "the latest use of a key wins");
});

test("an event larger than the limit is kept without its parameters, and still chains", () => {
  const facts = encryptFacts();
  const huge = apiCallEvent({ ...facts, input: { ...(facts.input as object), EncryptionContext: { big: "x".repeat(MAX_EVENT_CHARS) } } });
  assert.ok(canonicalEventJson(huge).length > MAX_EVENT_CHARS, "the fixture is oversized");
  const [record] = chainEvents(undefined, [huge]);
  assert.ok(record!.event.length <= MAX_EVENT_CHARS);
  const kept = JSON.parse(record!.event) as { requestParameters: unknown; responseElements: unknown; eventName: string };
  assert.deepEqual(kept.requestParameters, { omitted: `larger than ${MAX_EVENT_CHARS} characters` });
  assert.equal(kept.responseElements, null);
  assert.equal(kept.eventName, "Encrypt");
  assert.equal(record!.hash, chainHash(GENESIS_HASH, 1, record!.event), "the hash covers what is stored");
  const [small] = chainEvents(undefined, [apiCallEvent(facts)]);
  assert.equal(small!.event, canonicalEventJson(apiCallEvent(facts)), "a normal event is kept whole");
});
