/**
 * Secrets Manager through the real clients (@aws-sdk/client-secrets-manager, the AWS CLI).
 * Issue 8 is being built: GetRandomPassword first, which proves the service's wiring (target
 * prefix, signing name, error shape, access control, audit).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { GetRandomPasswordCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { awsCli } from "./helpers/aws-cli.js";
import { rejectsWith } from "./helpers/errors.js";
import { allowAll, createUserWithKey, type Credentials } from "./helpers/iam.js";
import { ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

describe("Secrets Manager: GetRandomPassword", () => {
  let server: TestServer;
  let scratch: string;
  const clients: SecretsManagerClient[] = [];
  const secretsAs = (credentials: Credentials = ADMIN) => {
    const client = new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startTestServer();
    scratch = mkdtempSync(join(tmpdir(), "sbx-sm-cli-"));
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("answers a 32-character password with every character type by default, and follows the options", async () => {
    const sm = secretsAs();
    const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({}));
    assert.equal(RandomPassword!.length, 32);
    for (const pattern of [/[A-Z]/, /[a-z]/, /[0-9]/, /[!-/:-@[-`{-~]/]) assert.match(RandomPassword!, pattern);
    const digits = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 12, ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true }));
    assert.match(digits.RandomPassword!, /^[0-9]{12}$/);
    const spaced = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 5, IncludeSpace: true }));
    assert.match(spaced.RandomPassword!, / /);
    const a = await sm.send(new GetRandomPasswordCommand({}));
    const b = await sm.send(new GetRandomPasswordCommand({}));
    assert.notEqual(a.RandomPassword, b.RandomPassword);
  });

  test("refuses what AWS refuses, with its error types and Message", async () => {
    const sm = secretsAs();
    await rejectsWith(sm.send(new GetRandomPasswordCommand({ PasswordLength: 3 })), "InvalidParameterException", "Password length is too short based on the required types.");
    await rejectsWith(
      sm.send(new GetRandomPasswordCommand({ ExcludeUppercase: true, ExcludeLowercase: true, ExcludePunctuation: true, ExcludeCharacters: "0123456789" })),
      "InvalidParameterException",
    );
    await rejectsWith(sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })), "ValidationException", /Member must have value less than or equal to 4096/);
    // The body carries the text as "Message" (capital M), as Secrets Manager writes it.
    const raw = await fetch(server.url, { method: "POST", headers: { "x-amz-target": "secretsmanager.GetRandomPassword", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    const body = (await raw.json()) as Record<string, unknown>;
    assert.equal(raw.status, 400);
    assert.equal(body.__type, "MissingAuthenticationTokenException");
    assert.equal(typeof body.Message, "string");
    assert.equal(body.message, undefined);
  });

  test("an IAM user needs secretsmanager:GetRandomPassword in an identity policy", async () => {
    const allowed = await createUserWithKey(server, "pw-allowed", { sm: allowAll("secretsmanager:GetRandomPassword") });
    const refused = await createUserWithKey(server, "pw-refused", { other: allowAll("kms:ListKeys") });
    assert.equal((await secretsAs(allowed.credentials).send(new GetRandomPasswordCommand({}))).RandomPassword!.length, 32);
    await rejectsWith(secretsAs(refused.credentials).send(new GetRandomPasswordCommand({})), "AccessDeniedException", /secretsmanager:GetRandomPassword/);
  });

  test("the trail records the call under secretsmanager.amazonaws.com, with the options and never the password", async () => {
    const sm = secretsAs();
    const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 40, ExcludeNumbers: true }));
    const cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const { Events } = await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "GetRandomPassword" }] }));
      const events = (Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as Record<string, unknown>);
      const recorded = events.find((e) => (e.requestParameters as { passwordLength?: number } | null)?.passwordLength === 40);
      assert.ok(recorded, "the call is in the trail");
      assert.equal(recorded.eventSource, "secretsmanager.amazonaws.com");
      assert.deepEqual(recorded.requestParameters, { passwordLength: 40, excludeNumbers: true });
      assert.equal(recorded.responseElements, null);
      assert.ok(!JSON.stringify(events).includes(RandomPassword!), "no password in any event");
    } finally {
      cloudtrail.destroy();
    }
  });

  test("the AWS CLI: aws secretsmanager get-random-password", async () => {
    const answer = await awsCli(server.url, scratch, ADMIN, ["secretsmanager", "get-random-password", "--password-length", "20", "--exclude-punctuation"]);
    assert.match(String(answer.RandomPassword), /^[A-Za-z0-9]{20}$/);
  });
});
