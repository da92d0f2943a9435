import assert from "node:assert/strict";
import { test } from "node:test";
import type { AuditEvent } from "../audit/index.js";
import { FindingDetector, type Finding } from "./index.js";

const ACCOUNT = "111122223333";
const T0 = Date.parse("2025-05-20T00:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const keyArn = (id: string): string => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
const userArn = (name: string): string => `arn:aws:iam::${ACCOUNT}:user/${name}`;

let serial = 0;
interface Spec {
  at: number; // ms after T0
  name?: string;
  user?: string;
  accessKeyId?: string;
  ip?: string;
  key?: string;
  error?: string;
  params?: Record<string, unknown>;
  response?: Record<string, unknown>;
  noResources?: boolean;
}
/** A CloudTrail-format KMS event as apiCallEvent writes it, reduced to what the rules read. */
function ev(spec: Spec): AuditEvent {
  const key = spec.key === undefined ? undefined : keyArn(spec.key);
  return {
    eventVersion: "1.11",
    userIdentity: spec.user === undefined
      ? { type: "Unknown", ...(spec.accessKeyId !== undefined ? { accessKeyId: spec.accessKeyId } : {}) }
      : { type: "IAMUser", arn: userArn(spec.user), accountId: ACCOUNT, accessKeyId: `AKIA${spec.user.toUpperCase()}` },
    eventTime: new Date(T0 + spec.at).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "kms.amazonaws.com",
    eventName: spec.name ?? "Decrypt",
    awsRegion: "us-east-1",
    sourceIPAddress: spec.ip ?? "192.0.2.10",
    userAgent: "aws-sdk-js/3.0",
    requestParameters: { ...(key !== undefined && spec.noResources ? { keyId: key } : {}), ...spec.params },
    responseElements: spec.response ?? null,
    ...(spec.error !== undefined ? { errorCode: spec.error, errorMessage: "refused" } : {}),
    requestID: `req-${serial}`,
    eventID: `evt-${++serial}`,
    readOnly: true,
    ...(key !== undefined && !spec.noResources ? { resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: key }] } : {}),
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  };
}

/** Feeds every event; returns all findings returned, in order. */
function feed(detector: FindingDetector, events: readonly AuditEvent[], facts?: { keyLastUsed?: Date }): Finding[] {
  return events.flatMap((e) => detector.observe(e, facts));
}
const ids = (findings: readonly Finding[]): string[] => [...new Set(findings.map((f) => f.id))];
const last = (findings: readonly Finding[]): Finding => findings[findings.length - 1]!;
const openPolicy = (principal: unknown, condition?: unknown): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
    { Effect: "Allow", Principal: principal, Action: "kms:Decrypt", Resource: "*", ...(condition !== undefined ? { Condition: condition } : {}) }] });

test("AccessDeniedBurst: the 10th denial within 5 minutes raises one finding; later denials update it", () => {
  const detector = new FindingDetector();
  const denial = (i: number) => ev({ at: i * 10_000, name: "Decrypt", user: "bob", key: "k1", error: "AccessDeniedException" });
  assert.deepEqual(feed(detector, [0, 1, 2, 3, 4, 5, 6, 7, 8].map(denial)), []);
  const [created, ...rest] = detector.observe(denial(9));
  assert.equal(rest.length, 0);
  assert.equal(created?.rule, "AccessDeniedBurst");
  assert.equal(created?.severity, "MEDIUM");
  assert.equal(created?.subject, userArn("bob"));
  assert.equal(created?.count, 10);
  assert.equal(created?.evidence.length, 10);
  assert.equal(created?.title, `${userArn("bob")} was refused 10 times in 2 minutes`);
  const later = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21].map(denial);
  const updates = feed(detector, later);
  assert.deepEqual(ids(updates), [created?.id]);
  assert.equal(last(updates).count, 22);
  assert.equal(last(updates).evidence.length, 20);
  assert.equal(last(updates).evidence.at(-1), later.at(-1)?.eventID); // newest last
  assert.equal(last(updates).firstSeen, created?.firstSeen);
  // A burst an hour later is a new burst, with its own finding.
  const again = feed(detector, Array.from({ length: 10 }, (_, i) => ev({ at: HOUR + i * 1000, user: "bob", key: "k1", error: "AccessDenied" })));
  assert.equal(again.length, 1);
  assert.notEqual(again[0]?.id, created?.id);
});

test("AccessDeniedBurst: an unauthenticated caller is named by its access key", () => {
  const detector = new FindingDetector({ accessDeniedBurst: 3 });
  const found = feed(detector, [0, 1, 2].map((i) => ev({ at: i * 1000, name: "ListKeys", accessKeyId: "AKIAUNKNOWN", error: "AccessDeniedException" })));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.subject, "AKIAUNKNOWN");
});

test("DecryptVolumeAnomaly: an hour far above the key's baseline raises one finding for that key and hour", () => {
  const detector = new FindingDetector();
  const decrypts = (hour: number, n: number) => Array.from({ length: n }, (_, i) => ev({ at: hour * HOUR + i * 1000, user: "app", key: "k1" }));
  // 500 in the key's first hour: no baseline yet, so nothing.
  assert.deepEqual(feed(detector, [...decrypts(0, 20), ...decrypts(1, 20), ...decrypts(2, 20)]), []);
  const hour3 = feed(detector, decrypts(3, 250));
  assert.equal(ids(hour3).length, 1);
  const [first] = hour3;
  assert.equal(first?.rule, "DecryptVolumeAnomaly");
  assert.equal(first?.severity, "HIGH");
  assert.equal(first?.subject, keyArn("k1"));
  assert.equal(first?.count, 201); // must exceed max(100, 10 × 20)
  assert.equal(first?.evidence.length, 20);
  assert.equal(last(hour3).count, 250);
  assert.equal(first?.firstSeen, new Date(T0 + 3 * HOUR).toISOString());
  assert.deepEqual(feed(new FindingDetector(), decrypts(0, 500)), []);
});

test("NewPrincipalOrSourceForKey: a second principal or a new source is news; the first user is not", () => {
  const detector = new FindingDetector();
  assert.deepEqual(feed(detector, [ev({ at: 0, name: "Encrypt", user: "alice", key: "k1" }), ev({ at: MIN, user: "alice", key: "k1" })]), []);
  const found = detector.observe(ev({ at: 2 * MIN, name: "GenerateDataKey", user: "bob", key: "k1" }));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.severity, "LOW");
  assert.equal(found[0]?.subject, keyArn("k1"));
  assert.match(found[0]?.title ?? "", /new principal arn:aws:iam::111122223333:user\/bob/);
  assert.deepEqual(detector.observe(ev({ at: 3 * MIN, user: "bob", key: "k1" })), []);
  // A denied call is not a use.
  assert.deepEqual(detector.observe(ev({ at: 4 * MIN, user: "eve", key: "k1", error: "AccessDeniedException" })), []);
  const fromElsewhere = detector.observe(ev({ at: 5 * MIN, user: "alice", key: "k1", ip: "198.51.100.7" }));
  assert.deepEqual(ids(fromElsewhere), [found[0]?.id]);
  assert.equal(fromElsewhere[0]?.count, 2);
  assert.match(fromElsewhere[0]?.title ?? "", /new source 198\.51\.100\.7/);
});

test("UseOfUnusableKey: calls on a disabled or pending-deletion key raise one finding per key", () => {
  const detector = new FindingDetector();
  const first = detector.observe(ev({ at: 0, user: "app", key: "k1", error: "DisabledException", noResources: true }));
  assert.equal(first.length, 1);
  assert.equal(first[0]?.rule, "UseOfUnusableKey");
  assert.equal(first[0]?.severity, "MEDIUM");
  assert.equal(first[0]?.subject, keyArn("k1"));
  const second = detector.observe(ev({ at: MIN, name: "Encrypt", user: "app", key: "k1", error: "KMSInvalidStateException" }));
  assert.deepEqual(ids(second), [first[0]?.id]);
  assert.equal(second[0]?.count, 2);
  assert.deepEqual(detector.observe(ev({ at: 2 * MIN, user: "app", key: "k1", error: "NotFoundException" })), []);
});

test("PolicyOpenedToEveryone: an unconditioned Allow for \"*\" is found; a guarded or failed one is not", () => {
  const detector = new FindingDetector();
  const put = (at: number, policy: string, error?: string) =>
    ev({ at, name: "PutKeyPolicy", user: "admin", key: "k1", params: { policyName: "default", policy }, ...(error !== undefined ? { error } : {}) });
  assert.deepEqual(detector.observe(put(0, openPolicy({ AWS: "*" }, { StringEquals: { "kms:CallerAccount": ACCOUNT } }))), []);
  assert.deepEqual(detector.observe(put(MIN, openPolicy("*"), "MalformedPolicyDocumentException")), []);
  const found = detector.observe(put(2 * MIN, openPolicy({ AWS: ["*"] })));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.severity, "HIGH");
  assert.equal(found[0]?.subject, keyArn("k1"));
  const created = detector.observe(ev({ at: 3 * MIN, name: "CreateKey", user: "admin", params: { policy: openPolicy("*") }, response: { keyMetadata: { arn: keyArn("k2") } } }));
  assert.equal(created.length, 1);
  assert.equal(created[0]?.subject, keyArn("k2"));
});

test("DeletionOfRecentlyUsedKey: scheduling deletion of a key used in the last 30 days is found", () => {
  const detector = new FindingDetector();
  const schedule = (key: string) => ev({ at: 40 * DAY, name: "ScheduleKeyDeletion", user: "admin", key, params: { pendingWindowInDays: 7 } });
  assert.deepEqual(detector.observe(schedule("old"), { keyLastUsed: new Date(T0) }), []);
  assert.deepEqual(detector.observe(schedule("unknown")), []);
  const found = detector.observe(schedule("busy"), { keyLastUsed: new Date(T0 + 37 * DAY) });
  assert.equal(found.length, 1);
  assert.equal(found[0]?.rule, "DeletionOfRecentlyUsedKey");
  assert.equal(found[0]?.severity, "HIGH");
  assert.match(found[0]?.title ?? "", /3 days after it was last used/);
});

test("normal traffic raises nothing", () => {
  const detector = new FindingDetector();
  const events: AuditEvent[] = [];
  const apps = [{ user: "web", key: "kw", ip: "10.0.0.1" }, { user: "batch", key: "kb", ip: "10.0.0.2" }, { user: "api", key: "ka", ip: "10.0.0.3" }];
  events.push(ev({ at: 0, name: "PutKeyPolicy", user: "admin", key: "kw", params: { policy: openPolicy({ AWS: "*" }, { StringEquals: { "kms:CallerAccount": ACCOUNT } }) } }));
  for (let minute = 1; minute < 8 * 60; minute++) {
    for (const [i, app] of apps.entries()) {
      // Between 20 and 60 Decrypts an hour, varying by app and hour.
      if ((minute + i) % (1 + ((Math.floor(minute / 60) + i) % 3)) === 0) events.push(ev({ at: minute * MIN + i * 1000, user: app.user, key: app.key, ip: app.ip }));
      if (minute % 7 === i) events.push(ev({ at: minute * MIN + 5000 + i * 1000, name: "Encrypt", user: app.user, key: app.key, ip: app.ip }));
    }
    if (minute % 45 === 0) events.push(ev({ at: minute * MIN + 30_000, user: "batch", key: "kw", ip: "10.0.0.2", error: "AccessDeniedException" }));
  }
  events.push(ev({ at: 8 * HOUR, name: "ScheduleKeyDeletion", user: "admin", key: "retired" }));
  const found = events.flatMap((e) => detector.observe(e, e.eventName === "ScheduleKeyDeletion" ? { keyLastUsed: new Date(T0 - 200 * DAY) } : undefined));
  assert.ok(events.length > 1000, `only ${events.length} events`);
  assert.deepEqual(found, []);
});
