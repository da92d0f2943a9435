import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { createUser, policy, type Principal } from "./helpers/principals.js";
import { ACCOUNT, ADMIN, startTestServer, type TestServer } from "./helpers/server.js";
import { signedCall } from "./helpers/signed-fetch.js";

interface FindingView {
  rule: string;
  severity: string;
  subject: string;
  title: string;
  count: number;
  evidence: string[];
}

/** GuardDuty for keys: each rule fires on its scripted scenario, through the real SDK, and stays quiet on normal traffic. */
describe("findings", () => {
  let server: TestServer;
  let webhook: Server;
  const delivered: FindingView[] = [];
  let alice: Principal;
  let bob: Principal;
  const admin = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };

  before(async () => {
    webhook = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        delivered.push(JSON.parse(body) as FindingView);
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
    const address = webhook.address() as { port: number };
    server = await startTestServer({
      config: {
        findingThresholds: { accessDeniedBurst: 5, decryptBaselineMinHours: 3, decryptAnomalyFactor: 5, decryptAnomalyMinimum: 10 },
        findingsWebhookUrl: `http://127.0.0.1:${address.port}/findings`,
      },
    });
    alice = await createUser(server, admin, "alice", { policies: { all: policy({ Effect: "Allow", Action: "kms:*", Resource: "*" }) } });
    bob = await createUser(server, admin, "bob");
  });
  after(async () => {
    await server?.close();
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
  });

  const listFindings = async (rule?: string): Promise<FindingView[]> => {
    await server.strongbox.auditLog.drain();
    await server.strongbox.drainFindings();
    const answer = await signedCall(server.url, "ListFindings", rule ? { Rule: rule } : {}, { targetPrefix: "StrongboxAdmin.", signingDate: server.clock.now() });
    assert.equal(answer.status, 200, answer.text);
    return answer.body.Findings as FindingView[];
  };

  test("normal traffic raises nothing", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    for (let i = 0; i < 5; i++) {
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from(`n${i}`) }));
      await kms.send(new DecryptCommand({ CiphertextBlob }));
    }
    await rejectsWith(bob.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.Arn!, Plaintext: Buffer.from("x") })), "AccessDeniedException");
    assert.deepEqual(await listFindings(), []);
  });

  test("a burst of AccessDenied from one principal", async () => {
    const { KeyMetadata } = await server.kms().send(new CreateKeyCommand({}));
    for (let i = 0; i < 6; i++) await rejectsWith(bob.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.Arn!, Plaintext: Buffer.from("x") })), "AccessDeniedException");
    const [finding, ...more] = await listFindings("AccessDeniedBurst");
    assert.equal(more.length, 0);
    assert.equal(finding!.subject, bob.arn);
    assert.equal(finding!.severity, "MEDIUM");
    assert.ok(finding!.count >= 5);
  });

  test("use attempts on a disabled key", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId! }));
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from("x") })), "DisabledException");
    const findings = await listFindings("UseOfUnusableKey");
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.subject, KeyMetadata!.Arn);
  });

  test("a key policy opened to everyone", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const open = policy(
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
    );
    await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, Policy: open }));
    const findings = await listFindings("PolicyOpenedToEveryone");
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, "HIGH");
  });

  test("a new principal using a key others use; a key scheduled for deletion that was used lately", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from("x") }));
    await alice.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.Arn!, Plaintext: Buffer.from("x") }));
    const fresh = (await listFindings("NewPrincipalOrSourceForKey")).filter((f) => f.subject === KeyMetadata!.Arn);
    assert.equal(fresh.length, 1);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: KeyMetadata!.KeyId!, PendingWindowInDays: 7 }));
    const deletion = await listFindings("DeletionOfRecentlyUsedKey");
    assert.equal(deletion.length, 1);
    assert.equal(deletion[0]!.subject, KeyMetadata!.Arn);
  });

  test("a Decrypt volume far above the key's own baseline (runs last: it moves the clock)", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from("x") }));
    const hour = () => {
      server.clock.offsetMs += 3_600_000;
      for (const client of [kms, alice.kms, bob.kms]) client.config.systemClockOffset = server.clock.offsetMs;
    };
    for (let h = 0; h < 3; h++) {
      await kms.send(new DecryptCommand({ CiphertextBlob }));
      hour();
    }
    assert.deepEqual(await listFindings("DecryptVolumeAnomaly"), []);
    for (let i = 0; i < 12; i++) await kms.send(new DecryptCommand({ CiphertextBlob }));
    const findings = await listFindings("DecryptVolumeAnomaly");
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.subject, KeyMetadata!.Arn);
  });

  test("every finding reached the webhook", () => {
    const rules = new Set(delivered.map((f) => f.rule));
    for (const rule of ["AccessDeniedBurst", "UseOfUnusableKey", "PolicyOpenedToEveryone", "NewPrincipalOrSourceForKey", "DeletionOfRecentlyUsedKey", "DecryptVolumeAnomaly"]) {
      assert.ok(rules.has(rule), `${rule} was delivered`);
    }
  });
});
