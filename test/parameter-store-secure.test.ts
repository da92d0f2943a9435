/**
 * Parameter Store's SecureString (KMS as the caller, kms:ViaService ssm.<region>.amazonaws.com),
 * access control on parameters and on their keys, parameter policies (Expiration and the two
 * notifications, to the trail and a webhook), through @aws-sdk/client-ssm against a real server.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DisableKeyCommand, ListAliasesCommand } from "@aws-sdk/client-kms";
import {
  AddTagsToResourceCommand,
  DescribeParametersCommand,
  RemoveTagsFromResourceCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { rejectsWith } from "./helpers/errors.js";
import { allowAll, createUserWithKey, policyDocument, type Credentials } from "./helpers/iam.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

describe("Parameter Store: SecureString, access, policies", () => {
  let server: TestServer;
  let webhook: Server;
  const delivered: Record<string, unknown>[] = [];
  const clients: { destroy(): void; config: { systemClockOffset?: number } }[] = [];
  const ssmAs = (credentials: Credentials = ADMIN) => {
    const client = new SSMClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1, systemClockOffset: server.clock.offsetMs });
    clients.push(client);
    return client;
  };
  const trail = () => {
    const client = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1, systemClockOffset: server.clock.offsetMs });
    clients.push(client);
    return client;
  };
  const eventsNamed = async (EventName: string) => {
    const { Events } = await trail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: EventName }] }));
    return (Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as Record<string, unknown>);
  };
  const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;

  before(async () => {
    webhook = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        delivered.push(JSON.parse(body) as Record<string, unknown>);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
    const port = (webhook.address() as { port: number }).port;
    server = await startTestServer({ config: { parameterEventsWebhookUrl: `http://127.0.0.1:${port}/events` } });
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await server.close();
    await new Promise((resolve) => webhook.close(resolve));
  });

  test("SecureString under alias/aws/ssm (made on first use): ciphertext without WithDecryption, the value with it", async () => {
    const ssm = ssmAs();
    const put = await ssm.send(new PutParameterCommand({ Name: "/secure/db/password", Value: "pa55-w0rd-ssm", Type: "SecureString" }));
    assert.equal(put.Version, 1);
    const { Aliases } = await server.kms().send(new ListAliasesCommand({}));
    assert.ok(Aliases!.some((alias) => alias.AliasName === "alias/aws/ssm" && alias.TargetKeyId !== undefined), "the AWS managed key was created");
    const hidden = (await ssm.send(new GetParameterCommand({ Name: "/secure/db/password" }))).Parameter!;
    assert.equal(hidden.Type, "SecureString");
    assert.notEqual(hidden.Value, "pa55-w0rd-ssm");
    assert.ok(!Buffer.from(hidden.Value!, "base64").includes(Buffer.from("pa55-w0rd-ssm")));
    assert.match(hidden.Value!, /^[A-Za-z0-9+/]+=*$/);
    const shown = (await ssm.send(new GetParameterCommand({ Name: "/secure/db/password", WithDecryption: true }))).Parameter!;
    assert.equal(shown.Value, "pa55-w0rd-ssm");
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/secure/db/password"] }] }));
    assert.equal(described.Parameters![0]!.KeyId, "alias/aws/ssm");
    // Overwrite keeps the type and key; the history decrypts every version.
    await ssm.send(new PutParameterCommand({ Name: "/secure/db/password", Value: "second-ssm-secret", Overwrite: true }));
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: "/secure/db/password", WithDecryption: true }));
    assert.deepEqual(history.Parameters!.map((p) => [p.Value, p.KeyId]), [["pa55-w0rd-ssm", "alias/aws/ssm"], ["second-ssm-secret", "alias/aws/ssm"]]);
    const many = await ssm.send(new GetParametersCommand({ Names: ["/secure/db/password", "/secure/db/password:1"], WithDecryption: true }));
    assert.deepEqual(many.Parameters!.map((p) => p.Value).sort(), ["pa55-w0rd-ssm", "second-ssm-secret"]);
  });

  test("the KMS calls are in the trail as the caller's, invokedBy ssm, with the PARAMETER_ARN context", async () => {
    const decrypts = await eventsNamed("Decrypt");
    const viaSsm = decrypts.find((e) => (e.userIdentity as { invokedBy?: string }).invokedBy === "ssm.amazonaws.com");
    assert.ok(viaSsm, "a Decrypt made by Parameter Store");
    assert.deepEqual((viaSsm.requestParameters as { encryptionContext?: unknown }).encryptionContext, { PARAMETER_ARN: arnOf("/secure/db/password") });
    const puts = await eventsNamed("PutParameter");
    assert.ok(puts.length >= 2);
    assert.equal(puts[0]!.eventSource, "ssm.amazonaws.com");
    assert.ok(JSON.stringify(puts).includes('"name":"/secure/db/password"'));
    assert.ok(!JSON.stringify([...puts, ...decrypts]).includes("pa55-w0rd-ssm"));
  });

  test("SecureString under a customer key: by alias; a bad or disabled key is InvalidKeyId", async () => {
    const kms = server.kms();
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new CreateAliasCommand({ AliasName: "alias/params", TargetKeyId: KeyMetadata!.KeyId! }));
    const ssm = ssmAs();
    await ssm.send(new PutParameterCommand({ Name: "/secure/api/token", Value: "tok-123-ssm", Type: "SecureString", KeyId: "alias/params" }));
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/secure/api/token", WithDecryption: true }))).Parameter!.Value, "tok-123-ssm");
    const byPath = await ssm.send(new GetParametersByPathCommand({ Path: "/secure", Recursive: true, WithDecryption: true, ParameterFilters: [{ Key: "KeyId", Values: ["alias/params"] }] }));
    assert.deepEqual(byPath.Parameters!.map((p) => p.Value), ["tok-123-ssm"]);
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/secure/nokey", Value: "x", Type: "SecureString", KeyId: "alias/does-not-exist" })), "InvalidKeyId");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/secure/plain", Value: "x", Type: "String", KeyId: "alias/params" })), "ValidationException");
    const { KeyMetadata: other } = await kms.send(new CreateKeyCommand({}));
    await ssm.send(new PutParameterCommand({ Name: "/secure/disabled", Value: "x-ssm", Type: "SecureString", KeyId: other!.Arn! }));
    await kms.send(new DisableKeyCommand({ KeyId: other!.KeyId! }));
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: "/secure/disabled", WithDecryption: true })), "InvalidKeyId", /disabled/);
    // Without decryption the ciphertext is still answered: no KMS call is made.
    assert.ok((await ssm.send(new GetParameterCommand({ Name: "/secure/disabled" }))).Parameter!.Value);
  });

  test("a caller allowed the parameter but not its key is refused as AWS refuses; the reverse too", async () => {
    const reader = await createUserWithKey(server, "param-reader", { ssm: allowAll("ssm:GetParameter") });
    const ssm = ssmAs(reader.credentials);
    // The customer key's policy leaves the decision to IAM, which does not allow kms:Decrypt.
    await rejectsWith(
      ssm.send(new GetParameterCommand({ Name: "/secure/api/token", WithDecryption: true })),
      "AccessDeniedException",
      /^The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access\./,
    );
    assert.ok((await ssm.send(new GetParameterCommand({ Name: "/secure/api/token" }))).Parameter!.Value);
    // The AWS managed key lets every principal of the account use it through Parameter Store.
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/secure/db/password", WithDecryption: true }))).Parameter!.Value, "second-ssm-secret");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/secure/mine", Value: "x", Type: "String" })), "AccessDeniedException", /ssm:PutParameter/);

    const writer = ssmAs((await createUserWithKey(server, "param-writer", { ssm: allowAll("ssm:PutParameter") })).credentials);
    await rejectsWith(
      writer.send(new PutParameterCommand({ Name: "/secure/written", Value: "w-ssm", Type: "SecureString", KeyId: "alias/params" })),
      "AccessDeniedException",
      /is not authorized to perform: kms:GenerateDataKey .*\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException\)$/,
    );
    assert.equal((await writer.send(new PutParameterCommand({ Name: "/secure/written", Value: "w-ssm", Type: "SecureString" }))).Version, 1, "the AWS managed key serves every principal of the account");

    const keyUser = await createUserWithKey(server, "key-user", { kms: allowAll("kms:Decrypt") });
    await rejectsWith(ssmAs(keyUser.credentials).send(new GetParameterCommand({ Name: "/secure/api/token", WithDecryption: true })), "AccessDeniedException", /ssm:GetParameter/);
    // A refusal does not tell whether the parameter exists.
    await rejectsWith(ssmAs(keyUser.credentials).send(new GetParameterCommand({ Name: "/secure/none" })), "AccessDeniedException");

    const scoped = await createUserWithKey(server, "path-reader", {
      p: policyDocument({ Effect: "Allow", Action: "ssm:GetParametersByPath", Resource: arnOf("/secure/api") }, { Effect: "Allow", Action: "ssm:GetParameter", Resource: arnOf("/secure/api/*") }),
    });
    const scopedSsm = ssmAs(scoped.credentials);
    assert.deepEqual((await scopedSsm.send(new GetParametersByPathCommand({ Path: "/secure/api" }))).Parameters!.map((p) => p.Name), ["/secure/api/token"]);
    await rejectsWith(scopedSsm.send(new GetParametersByPathCommand({ Path: "/secure/db" })), "AccessDeniedException", /ssm:GetParametersByPath/);
    await rejectsWith(scopedSsm.send(new GetParameterCommand({ Name: "/secure/db/password" })), "AccessDeniedException");
  });

  test("identity policies may test the parameter's tags", async () => {
    const admin = ssmAs();
    await admin.send(new PutParameterCommand({ Name: "/tagged/blue", Value: "b", Type: "String", Tags: [{ Key: "team", Value: "blue" }] }));
    await admin.send(new PutParameterCommand({ Name: "/tagged/red", Value: "r", Type: "String", Tags: [{ Key: "team", Value: "red" }] }));
    const blue = await createUserWithKey(server, "blue-reader", {
      p: policyDocument({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/team": "blue" } } }),
    });
    const ssm = ssmAs(blue.credentials);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: "/tagged/blue" }))).Parameter!.Value, "b");
    await rejectsWith(ssm.send(new GetParameterCommand({ Name: "/tagged/red" })), "AccessDeniedException", /ssm:GetParameter/);
  });

  test("the request's condition keys: aws:RequestTag and aws:TagKeys on tagging, ssm:Overwrite on PutParameter", async () => {
    const admin = ssmAs();
    await admin.send(new PutParameterCommand({ Name: "/conditions/p", Value: "v1", Type: "String" }));
    const user = await createUserWithKey(server, "condition-user", {
      allow: allowAll("ssm:*"),
      deny: policyDocument(
        { Effect: "Deny", Action: "ssm:AddTagsToResource", Resource: "*", Condition: { StringEquals: { "aws:RequestTag/team": "admins" } } },
        { Effect: "Deny", Action: "ssm:RemoveTagsFromResource", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["owner"] } } },
        { Effect: "Deny", Action: "ssm:PutParameter", Resource: "*", Condition: { StringEquals: { "ssm:Overwrite": "true" } } },
      ),
    });
    const ssm = ssmAs(user.credentials);
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/conditions/p", Tags: [{ Key: "team", Value: "users" }] }));
    await rejectsWith(ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: "/conditions/p", Tags: [{ Key: "team", Value: "admins" }] })), "AccessDeniedException");
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/conditions/q", Value: "x", Type: "String", Tags: [{ Key: "team", Value: "admins" }] })), "AccessDeniedException");
    await rejectsWith(ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: "/conditions/p", TagKeys: ["owner"] })), "AccessDeniedException");
    await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: "/conditions/p", TagKeys: ["team"] }));
    await ssm.send(new PutParameterCommand({ Name: "/conditions/new", Value: "x", Type: "String" }));
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/conditions/p", Value: "v2", Overwrite: true })), "AccessDeniedException");
  });

  test("a KMS ciphertext copied to another parameter does not open there", async () => {
    const ssm = ssmAs();
    const bundle = Buffer.from((await ssm.send(new GetParameterCommand({ Name: "/secure/api/token" }))).Parameter!.Value!, "base64");
    const dataKey = bundle.subarray(3, 3 + bundle.readUInt16BE(1));
    // The data key is bound to its parameter by the encryption context.
    await rejectsWith(server.kms().send(new DecryptCommand({ CiphertextBlob: dataKey, EncryptionContext: { PARAMETER_ARN: arnOf("/secure/db/password") } })), "InvalidCiphertextException");
    const plain = await server.kms().send(new DecryptCommand({ CiphertextBlob: dataKey, EncryptionContext: { PARAMETER_ARN: arnOf("/secure/api/token") } }));
    assert.equal(plain.Plaintext!.length, 32);
  });

  test("policies: notifications are told once to the trail and the webhook; Expiration deletes the parameter", async () => {
    const ssm = ssmAs();
    const expiresAt = new Date(server.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const policies = JSON.stringify([
      { Type: "Expiration", Version: "1.0", Attributes: { Timestamp: expiresAt } },
      { Type: "ExpirationNotification", Version: "1.0", Attributes: { Before: "2", Unit: "Days" } },
      { Type: "NoChangeNotification", Version: "1.0", Attributes: { After: "20", Unit: "Hours" } },
    ]);
    const put = await ssm.send(new PutParameterCommand({ Name: "/expiring/key", Value: "short-lived", Type: "String", Policies: policies, Tier: "Intelligent-Tiering" }));
    assert.equal(put.Tier, "Advanced");
    const described = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: ["/expiring/key"] }] }))).Parameters![0]!;
    assert.deepEqual(described.Policies!.map((p) => [p.PolicyType, p.PolicyStatus]), [["Expiration", "Pending"], ["ExpirationNotification", "Pending"], ["NoChangeNotification", "Pending"]]);
    await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/expiring/bad", Value: "x", Type: "String", Tier: "Advanced", Policies: '[{"Type":"Nope","Version":"1.0","Attributes":{}}]' })), "InvalidPolicyTypeException");
    await rejectsWith(
      ssm.send(new PutParameterCommand({ Name: "/expiring/bad", Value: "x", Type: "String", Tier: "Advanced", Policies: JSON.stringify([{ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: "soon" } }]) })),
      "InvalidPolicyAttributeException",
    );

    assert.deepEqual(pick(await server.strongbox.runLifecycle()), { parametersExpired: 0, parameterNotifications: 0 });
    server.advanceDays(1);
    assert.deepEqual(pick(await server.strongbox.runLifecycle()), { parametersExpired: 0, parameterNotifications: 2 });
    assert.deepEqual(pick(await server.strongbox.runLifecycle()), { parametersExpired: 0, parameterNotifications: 0 }, "told once");
    server.advanceDays(2);
    assert.deepEqual(pick(await server.strongbox.runLifecycle()), { parametersExpired: 1, parameterNotifications: 0 });
    await rejectsWith(ssmAs().send(new GetParameterCommand({ Name: "/expiring/key" })), "ParameterNotFound");

    const notifications = await eventsNamed("ParameterPolicyNotification");
    assert.deepEqual(notifications.map((e) => (e.serviceEventDetails as { policyType: string }).policyType).sort(), ["ExpirationNotification", "NoChangeNotification"]);
    const deletions = (await eventsNamed("DeleteParameter")).filter((e) => e.eventType === "AwsServiceEvent");
    assert.equal(deletions.length, 1);
    assert.deepEqual(deletions[0]!.resources, [{ accountId: ACCOUNT, type: "AWS::SSM::Parameter", ARN: arnOf("/expiring/key") }]);

    assert.deepEqual(delivered.map((e) => [e["detail-type"], e.source, (e.detail as Record<string, string>)["policy-type"]]), [
      ["Parameter Store Policy Action", "aws.ssm", "ExpirationNotification"],
      ["Parameter Store Policy Action", "aws.ssm", "NoChangeNotification"],
      ["Parameter Store Policy Action", "aws.ssm", "Expiration"],
    ]);
    assert.deepEqual(delivered[2]!.resources, [arnOf("/expiring/key")]);
    assert.equal((delivered[2]!.detail as Record<string, string>)["parameter-name"], "/expiring/key");
  });
});

function pick(report: { parametersExpired: number; parameterNotifications: number }) {
  return { parametersExpired: report.parametersExpired, parameterNotifications: report.parameterNotifications };
}
