import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, GetKeyLastUsageCommand, KMSClient } from "@aws-sdk/client-kms";
import { exportAuditTrailFromDataDir, pruneAuditTrailInDataDir, verifyAuditExport, verifyAuditTrailInDataDir } from "../src/main.js";
import { awsCli } from "./helpers/aws-cli.js";
import { runCli, startChildServer } from "./helpers/child-server.js";
import { rejectsWith } from "./helpers/errors.js";
import { allowAssumeRole, trustAccount } from "./helpers/iam.js";
import { assumeRole, createAccount, createRole, createUser, policy } from "./helpers/principals.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

interface TrailEvent {
  eventName: string;
  eventSource: string;
  errorCode?: string;
  userIdentity: { type: string; arn?: string; accessKeyId?: string };
  requestParameters: Record<string, unknown> | null;
  requestID: string;
}

describe("audit trail", () => {
  let server: TestServer;
  let cloudtrail: CloudTrailClient;
  const secrets: string[] = [];
  let bobArn = "";
  const admin = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
  const dbPath = () => join(server.dataDir, "data", "strongbox.db");

  before(async () => {
    server = await startTestServer({ keepDataDir: true });
    cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: admin, maxAttempts: 1 });
    const kms = server.kms();
    const { KeyId } = (await kms.send(new CreateKeyCommand({ Description: "audited" }))).KeyMetadata!;
    const plaintext = randomBytes(32);
    secrets.push(plaintext.toString("base64"), plaintext.toString("hex"));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId, Plaintext: plaintext, EncryptionContext: { table: "orders" } }));
    secrets.push(Buffer.from(CiphertextBlob!).toString("base64"));
    await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { table: "orders" } }));
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId, KeySpec: "AES_256" }));
    secrets.push(Buffer.from(dataKey.Plaintext!).toString("base64"));
    const bob = await createUser(server, admin, "bob", { policies: { assume: allowAssumeRole() } });
    bobArn = bob.arn;
    secrets.push(bob.credentials.secretAccessKey);
    await rejectsWith(bob.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("denied") })), "AccessDeniedException");
    const role = await createRole(server, admin, "Auditor", trustAccount(), { read: policy({ Effect: "Allow", Action: "kms:DescribeKey", Resource: "*" }) });
    const session = await assumeRole(server, bob.credentials, role, "audit-session");
    secrets.push(session.credentials.secretAccessKey, session.credentials.sessionToken!);
    await server.strongbox.sealAuditDigest();
  });
  after(async () => {
    cloudtrail?.destroy();
    await server?.close();
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
  });

  const lookup = async (AttributeKey: "EventName" | "Username" | "EventSource", AttributeValue: string) =>
    (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey, AttributeValue }] }))).Events!;

  test("LookupEvents through the CloudTrail SDK finds calls by name, user and source, in CloudTrail's format", async () => {
    const encrypts = await lookup("EventName", "Encrypt");
    assert.equal(encrypts.length, 2, "the admin's Encrypt and bob's denied one");
    const [denied, allowed] = encrypts as [(typeof encrypts)[0], (typeof encrypts)[0]];
    const deniedEvent = JSON.parse(denied.CloudTrailEvent!) as TrailEvent;
    assert.equal(deniedEvent.errorCode, "AccessDeniedException");
    assert.equal(deniedEvent.userIdentity.type, "IAMUser");
    assert.equal(deniedEvent.userIdentity.arn, bobArn);
    assert.equal(denied.Username, "bob");
    const allowedEvent = JSON.parse(allowed.CloudTrailEvent!) as TrailEvent;
    assert.equal(allowedEvent.eventSource, "kms.amazonaws.com");
    assert.deepEqual(allowedEvent.requestParameters?.encryptionContext, { table: "orders" });
    assert.equal(allowedEvent.userIdentity.type, "Root");
    assert.equal(allowed.ReadOnly, "true");
    const assumed = await lookup("EventName", "AssumeRole");
    assert.equal(assumed.length, 1);
    assert.equal(assumed[0]!.EventSource, "sts.amazonaws.com");
    const iam = await lookup("EventSource", "iam.amazonaws.com");
    assert.ok(iam.some((e) => e.EventName === "CreateAccessKey"));
    const internal = await lookup("EventName", "Unseal");
    assert.equal(internal.length, 1);
  });

  test("LookupEvents pages newest first and refuses bad input as CloudTrail does", async () => {
    const first = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2 }));
    assert.equal(first.Events!.length, 2);
    assert.ok(first.NextToken);
    const second = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.ok(second.Events![0]!.EventTime! <= first.Events![1]!.EventTime!);
    assert.notEqual(second.Events![0]!.EventId, first.Events![1]!.EventId);
    await rejectsWith(cloudtrail.send(new LookupEventsCommand({ MaxResults: 51 })), "InvalidMaxResultsException");
    await rejectsWith(cloudtrail.send(new LookupEventsCommand({ StartTime: new Date(2000), EndTime: new Date(1000) })), "InvalidTimeRangeException");
    await rejectsWith(cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "a" }, { AttributeKey: "Username", AttributeValue: "b" }] })), "InvalidLookupAttributesException");
    await rejectsWith(cloudtrail.send(new LookupEventsCommand({ NextToken: "forged" })), "InvalidNextTokenException");
  });

  test("the AWS CLI reads the trail: aws cloudtrail lookup-events", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sbx-ct-cli-"));
    try {
      const answer = await awsCli(server.url, dir, admin, ["cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Decrypt"]);
      const events = answer.Events as Array<{ EventName: string; CloudTrailEvent: string }>;
      assert.equal(events.length, 1);
      assert.equal((JSON.parse(events[0]!.CloudTrailEvent) as TrailEvent).requestParameters?.encryptionContext !== undefined, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("GetKeyLastUsage answers from the trail: the last successful cryptographic operation, not failures", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const unused = await kms.send(new GetKeyLastUsageCommand({ KeyId: KeyMetadata!.KeyId! }));
    assert.equal(unused.KeyLastUsage, undefined);
    assert.ok(unused.KeyCreationDate! >= unused.TrackingStartDate!);
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from("x") }));
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob }));
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(CiphertextBlob!).subarray(1) })), "InvalidCiphertextException");
    const used = await kms.send(new GetKeyLastUsageCommand({ KeyId: KeyMetadata!.Arn! }));
    assert.equal(used.KeyId, KeyMetadata!.Arn);
    assert.equal(used.KeyLastUsage?.Operation, "Decrypt");
    assert.equal(used.KeyLastUsage?.KmsRequestId, decrypted.$metadata.requestId);
    const [event] = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventId", AttributeValue: used.KeyLastUsage!.CloudTrailEventId! }] }))).Events!;
    assert.equal(event?.EventName, "Decrypt");
  });

  test("a call on another account's key is in both accounts' trails; made-up operations and echoing errors stay out", async () => {
    const accountB = await createAccount(server, "444455556666");
    const kms = server.kms();
    const shared = (
      await kms.send(
        new CreateKeyCommand({
          Policy: policy(
            { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "kms:Encrypt", Resource: "*" },
          ),
        }),
      )
    ).KeyMetadata!.Arn!;
    const b = server.kms({ credentials: accountB });
    const answer = await b.send(new EncryptCommand({ KeyId: shared, Plaintext: Buffer.from("cross") }));
    const inA = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: shared }] }))).Events!;
    const crossEvent = inA.map((e) => JSON.parse(e.CloudTrailEvent!) as TrailEvent).find((e) => e.requestID === answer.$metadata.requestId);
    assert.ok(crossEvent, "the key owner's trail has account B's Encrypt");
    assert.equal(crossEvent.userIdentity.arn, "arn:aws:iam::444455556666:root");

    const forged = await signedCall(server.url, "x".repeat(2000), {});
    assert.equal(forged.body.__type, "UnknownOperationException");
    const malformed = await signedCall(server.url, "Encrypt", { KeyId: "k", Plaintext: "not base64 !!!", EncryptionContext: { canary: "echo-canary-81f2" } });
    assert.equal(malformed.status, 400);
    await server.strongbox.auditLog.drain();
    const db = new Database(dbPath(), { readonly: true });
    try {
      const all = (db.prepare("SELECT event_name, event FROM audit_events").all() as { event_name: string; event: string }[]);
      assert.ok(all.every((r) => r.event_name.length < 100), "no made-up operation name is stored");
      assert.ok(!all.some((r) => r.event.includes("x".repeat(200))));
      assert.ok(!all.some((r) => r.event.includes("not base64 !!!")), "an echoing error message is not stored");
    } finally {
      db.close();
    }
  });

  test("a pinned signing key must vouch for the trail: deleting the digests and the key does not pass", async () => {
    await server.strongbox.sealAuditDigest();
    const report = await verifyAuditTrailInDataDir({ dataDir: join(server.dataDir, "data") });
    const fingerprint = (await runCli(["audit", "verify", "--json", "--data-dir", join(server.dataDir, "data")])).stdout;
    assert.equal(report.ok, true);
    const pin = (JSON.parse(fingerprint) as { ok: boolean }).ok;
    assert.equal(pin, true);
    const db0 = new Database(dbPath(), { readonly: true });
    const publicKey = (db0.prepare("SELECT public_key FROM audit_signing_key").get() as { public_key: Buffer }).public_key;
    db0.close();
    const { publicKeyFingerprint } = await import("../src/core/audit/index.js");
    const expectedFingerprint = publicKeyFingerprint(publicKey);
    assert.equal((await verifyAuditTrailInDataDir({ dataDir: join(server.dataDir, "data"), expectedFingerprint })).ok, true);
    const copyDir = mkdtempSync(join(tmpdir(), "sbx-unpinned-"));
    try {
      const source = new Database(dbPath(), { readonly: true });
      await source.backup(join(copyDir, "strongbox.db"));
      source.close();
      const db = new Database(join(copyDir, "strongbox.db"));
      db.prepare("DELETE FROM audit_digests").run();
      db.prepare("DELETE FROM audit_signing_key").run();
      db.close();
      assert.equal((await verifyAuditTrailInDataDir({ dataDir: copyDir })).ok, true, "without a pin, an unsigned trail is only reported as unsealed");
      const pinned = await verifyAuditTrailInDataDir({ dataDir: copyDir, expectedFingerprint });
      assert.equal(pinned.ok, false);
      // Nor does a trail emptied of its records too.
      const emptied = new Database(join(copyDir, "strongbox.db"));
      emptied.prepare("DELETE FROM audit_resources").run();
      emptied.prepare("DELETE FROM audit_events").run();
      emptied.close();
      assert.equal((await verifyAuditTrailInDataDir({ dataDir: copyDir, expectedFingerprint })).ok, false, "an emptied trail does not pass a pinned key");
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });

  test("retention prunes whole digests, and what stays still verifies and still catches tampering", async () => {
    await server.strongbox.sealAuditDigest();
    const kms = server.kms();
    await kms.send(new CreateKeyCommand({ Description: "after the digest" }));
    await server.strongbox.auditLog.drain();
    const copyDir = mkdtempSync(join(tmpdir(), "sbx-prune-"));
    try {
      const source = new Database(dbPath(), { readonly: true });
      await source.backup(join(copyDir, "strongbox.db"));
      source.close();
      const before = await verifyAuditTrailInDataDir({ dataDir: copyDir });
      const result = await pruneAuditTrailInDataDir({ dataDir: copyDir, days: 1, now: new Date(Date.now() + 2 * 24 * 3_600_000) });
      assert.ok(result.pruned > 0 && result.throughSeq !== undefined);
      const after = await verifyAuditTrailInDataDir({ dataDir: copyDir });
      assert.equal(after.ok, true, JSON.stringify(after.firstProblem));
      assert.equal(after.records, before.records - result.pruned);
      // An export of the pruned trail verifies too, anchored the same way.
      const exportFile = join(copyDir, "pruned.ndjson");
      await exportAuditTrailFromDataDir({ dataDir: copyDir, file: exportFile });
      assert.equal(verifyAuditExport({ file: exportFile }).ok, true);
      // Deleting more of the start is caught (off a digest boundary: core/audit/verify.test.ts names it).
      const cut = new Database(join(copyDir, "strongbox.db"));
      const first = (cut.prepare("SELECT min(seq) AS seq FROM audit_events").get() as { seq: number }).seq;
      const snapshot = join(copyDir, "cut.db");
      await cut.backup(snapshot);
      cut.close();
      const shortened = new Database(snapshot);
      shortened.prepare("DELETE FROM audit_events WHERE seq = ?").run(first);
      shortened.close();
      const cutDir = mkdtempSync(join(tmpdir(), "sbx-cut-"));
      try {
        const { renameSync } = await import("node:fs");
        renameSync(snapshot, join(cutDir, "strongbox.db"));
        // The first kept record is gone (here the only one): the digests say records existed there.
        assert.equal((await verifyAuditTrailInDataDir({ dataDir: cutDir })).ok, false);
      } finally {
        rmSync(cutDir, { recursive: true, force: true });
      }
      const db = new Database(join(copyDir, "strongbox.db"));
      db.prepare("UPDATE audit_events SET event = replace(event, 'after the digest', 'edited') WHERE seq = ?").run(result.throughSeq! + 1);
      db.close();
      const tampered = await verifyAuditTrailInDataDir({ dataDir: copyDir });
      assert.equal(tampered.ok, false);
      assert.deepEqual(tampered.firstProblem, { kind: "altered", seq: result.throughSeq! + 1 });
    } finally {
      rmSync(copyDir, { recursive: true, force: true });
    }
  });

  test("an export of the trail verifies like the store, and tampering with the file is caught", async () => {
    await server.strongbox.sealAuditDigest();
    const dir = mkdtempSync(join(tmpdir(), "sbx-export-"));
    try {
      const file = join(dir, "trail.ndjson");
      const exported = await runCli(["audit", "export", "--to", file, "--data-dir", join(server.dataDir, "data")]);
      assert.equal(exported.code, 0, exported.stderr);
      const clean = await runCli(["audit", "verify", "--file", file]);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      const lines = readFileSync(file, "utf8").split("\n");
      const at = lines.findIndex((line) => line.includes('"type":"record"') && line.includes("Decrypt"));
      lines[at] = lines[at]!.replace("Decrypt", "Encrypt");
      writeFileSync(file, lines.join("\n"));
      const tampered = await runCli(["audit", "verify", "--file", file]);
      assert.equal(tampered.code, 4);
      assert.match(tampered.stdout, /^FAILED: altered at record \d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("operators read the trail from the data dir: strongbox audit search and tail", async () => {
    const dataDir = join(server.dataDir, "data");
    const search = await runCli(["audit", "search", "--account-id", ACCOUNT, "--attribute", "Username=bob", "--data-dir", dataDir]);
    assert.equal(search.code, 0, search.stderr);
    const events = search.stdout.trim().split("\n").map((line) => JSON.parse(line) as TrailEvent);
    assert.ok(events.length >= 2);
    assert.ok(events.every((e) => e.userIdentity.arn === bobArn));
    const tail = await runCli(["audit", "tail", "-n", "3", "--data-dir", dataDir]);
    assert.equal(tail.stdout.trim().split("\n").length, 3);
    const bad = await runCli(["audit", "search", "--account-id", ACCOUNT, "--attribute", "Colour=blue", "--data-dir", dataDir]);
    assert.notEqual(bad.code, 0);
  });

  test("no plaintext, ciphertext, data key, secret access key or session token is anywhere in the trail", () => {
    const db = new Database(dbPath(), { readonly: true });
    try {
      const events = (db.prepare("SELECT event FROM audit_events").all() as { event: string }[]).map((r) => r.event).join("\n");
      assert.ok(events.length > 1000);
      for (const secret of secrets) assert.equal(events.includes(secret), false, "a secret is in the trail");
    } finally {
      db.close();
    }
  });

  test("a member of the account without cloudtrail:LookupEvents is refused; another account sees none of these events", async () => {
    const carol = await createUser(server, admin, "carol");
    const asCarol = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: carol.credentials, maxAttempts: 1 });
    try {
      await rejectsWith(asCarol.send(new LookupEventsCommand({})), "AccessDeniedException", /cloudtrail:LookupEvents/);
    } finally {
      asCarol.destroy();
    }
  });

  test("verification passes on the untouched trail and names the first altered, deleted, swapped or forged record", async () => {
    await server.strongbox.sealAuditDigest();
    const clean = await verifyAuditTrailInDataDir({ dataDir: join(server.dataDir, "data") });
    assert.equal(clean.ok, true, JSON.stringify(clean));
    assert.ok(clean.records > 10 && clean.digests >= 1);
    const cli = await runCli(["audit", "verify", "--data-dir", join(server.dataDir, "data")]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^OK: \d+ records, \d+ signed digests/);
    const fingerprint = /digest signing key fingerprint: ([0-9a-f]{64})/.exec(cli.stdout)?.[1];
    assert.ok(fingerprint, cli.stdout);
    const pinned = await runCli(["audit", "verify", "--public-key-fingerprint", fingerprint, "--data-dir", join(server.dataDir, "data")]);
    assert.equal(pinned.code, 0, pinned.stdout);
    const wrongPin = await runCli(["audit", "verify", "--public-key-fingerprint", "0".repeat(64), "--data-dir", join(server.dataDir, "data")]);
    assert.equal(wrongPin.code, 4);
    const head = await runCli(["audit", "verify", "--to", "5", "--data-dir", join(server.dataDir, "data")]);
    assert.equal(head.code, 0, head.stdout);
    assert.match(head.stdout, /^OK: 5 records/);
    // A range must start where a digest ends: from record 3, nothing vouches for records 1-2.
    const unanchored = await runCli(["audit", "verify", "--from", "3", "--data-dir", join(server.dataDir, "data")]);
    assert.equal(unanchored.code, 4);
    assert.match(unanchored.stdout, /^FAILED: missing at record 2/);

    // Each tampering on a copy of the store: the verifier must name it.
    const tamperings: [string, (db: Database.Database) => void, string][] = [
      ["edit a field", (db) => db.prepare("UPDATE audit_events SET event = replace(event, '\"Encrypt\"', '\"Decrypt\"') WHERE seq = (SELECT min(seq) FROM audit_events WHERE event_name = 'Encrypt')").run(), "altered"],
      ["delete a record", (db) => db.prepare("DELETE FROM audit_events WHERE seq = 5").run(), "missing"],
      ["swap two records", (db) => {
        const [a, b] = db.prepare("SELECT seq, event, previous_hash, hash FROM audit_events WHERE seq IN (6, 7) ORDER BY seq").all() as { seq: number; event: string }[];
        db.prepare("UPDATE audit_events SET event = ? WHERE seq = ?").run(b!.event, a!.seq);
        db.prepare("UPDATE audit_events SET event = ? WHERE seq = ?").run(a!.event, b!.seq);
      }, "altered"],
      ["truncate the trail", (db) => db.prepare("DELETE FROM audit_events WHERE seq > 3").run(), "digest-mismatch"],
      ["forge a digest", (db) => {
        const row = db.prepare("SELECT to_seq, digest FROM audit_digests ORDER BY to_seq LIMIT 1").get() as { to_seq: number; digest: string };
        const digest = JSON.parse(row.digest) as { lastHash: string };
        digest.lastHash = "0".repeat(64);
        db.prepare("UPDATE audit_digests SET digest = ? WHERE to_seq = ?").run(JSON.stringify(digest), row.to_seq);
      }, "digest-signature"],
    ];
    for (const [name, tamper, expected] of tamperings) {
      const copyDir = mkdtempSync(join(tmpdir(), "sbx-tamper-"));
      try {
        const source = new Database(dbPath(), { readonly: true });
        await source.backup(join(copyDir, "strongbox.db"));
        source.close();
        const db = new Database(join(copyDir, "strongbox.db"));
        tamper(db);
        db.close();
        const report = await verifyAuditTrailInDataDir({ dataDir: copyDir });
        assert.equal(report.ok, false, `${name} went unnoticed`);
        assert.equal(report.firstProblem?.kind, expected, `${name}: ${JSON.stringify(report.firstProblem)}`);
      } finally {
        rmSync(copyDir, { recursive: true, force: true });
      }
    }
  });
});

describe("audit trail durability", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-audit-kill-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("SIGKILL under load loses no acknowledged event, and the chain still verifies", async () => {
    const dataDir = join(dir, "data");
    const child = await startChildServer(["--dev", "--data-dir", dataDir]);
    const kms = new KMSClient({ endpoint: child.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    const acknowledged: string[] = [];
    try {
      const { KeyId } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      const worker = async () => {
        for (let i = 0; i < 40; i++) {
          const answer = await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("load") }));
          acknowledged.push(answer.$metadata.requestId!);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    } finally {
      kms.destroy();
      child.child.kill("SIGKILL");
      await child.exited();
    }
    const db = new Database(join(dataDir, "strongbox.db"), { readonly: true });
    try {
      const recorded = new Set((db.prepare("SELECT event FROM audit_events WHERE event_name = 'Encrypt'").all() as { event: string }[]).map((r) => (JSON.parse(r.event) as TrailEvent).requestID));
      for (const requestId of acknowledged) assert.ok(recorded.has(requestId), `acknowledged request ${requestId} is not in the trail`);
      assert.equal(acknowledged.length, 160);
    } finally {
      db.close();
    }
    const report = await verifyAuditTrailInDataDir({ dataDir });
    assert.equal(report.ok, true, JSON.stringify(report.firstProblem));
  });
});


