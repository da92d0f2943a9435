/**
 * Secrets Manager with KMS and access control, through the real clients: envelope encryption
 * under the default aws/secretsmanager key or a customer key, called as the caller with
 * kms:ViaService; identity and resource policies; the trail; no secret value at rest or in logs.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { after, before, describe, test } from "node:test";
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
  ValidateResourcePolicyCommand,
} from "@aws-sdk/client-secrets-manager";
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EncryptCommand, GetKeyPolicyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { rejectsWith } from "./helpers/errors.js";
import { assertSecretsAbsent } from "./helpers/scan.js";
import { allowAll, createAccount, createUserWithKey, policyDocument, type Credentials } from "./helpers/iam.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

const VIA = `secretsmanager.${REGION}.amazonaws.com`;

describe("Secrets Manager: KMS, access control and the trail", () => {
  let server: TestServer;
  let kms: KMSClient;
  const clients: SecretsManagerClient[] = [];
  const values: string[] = [];
  const smAs = (credentials: Credentials = ADMIN) => {
    const client = new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  /** A secret value this test stores, remembered for the scans at the end. */
  const value = (label: string) => {
    const v = `${label}-${Math.random().toString(36).slice(2)}-value`;
    values.push(v);
    return v;
  };

  before(async () => {
    server = await startTestServer({ keepDataDir: true });
    kms = server.kms();
  });
  after(async () => {
    for (const client of clients) client.destroy();
    kms.destroy();
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  test("the first value creates the account's aws/secretsmanager key: AWS managed, usable only through Secrets Manager", async () => {
    const sm = smAs();
    await sm.send(new CreateSecretCommand({ Name: "managed-key/metadata-only" }));
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/secretsmanager" })), "NotFoundException");
    await sm.send(new CreateSecretCommand({ Name: "managed-key/first", SecretString: value("first") }));
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/secretsmanager" }));
    assert.equal(KeyMetadata!.KeyManager, "AWS");
    assert.equal(KeyMetadata!.KeySpec, "SYMMETRIC_DEFAULT");
    const policy = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: "default" }))).Policy!) as { Id: string; Statement: { Condition?: unknown }[] };
    assert.equal(policy.Id, "auto-secretsmanager-1");
    assert.deepEqual(policy.Statement[0]!.Condition, { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": VIA } });
    // Not even the account root may use it directly, or change it.
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: "alias/aws/secretsmanager", Plaintext: Buffer.from("x") })), "AccessDeniedException");
    await rejectsWith(kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId })), "AccessDeniedException");
    // A second secret uses the same key.
    await sm.send(new CreateSecretCommand({ Name: "managed-key/second", SecretString: value("second") }));
    const { Aliases } = await kms.send(new (await import("@aws-sdk/client-kms")).ListAliasesCommand({ KeyId: KeyMetadata!.KeyId }));
    assert.deepEqual(Aliases!.map((a) => a.AliasName), ["alias/aws/secretsmanager"]);
  });

  test("a customer key: versions name it, a disabled key fails reads and writes, UpdateSecret moves the labelled versions to a new key", async () => {
    const sm = smAs();
    const first = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const second = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const secret = value("customer");
    await sm.send(new CreateSecretCommand({ Name: "customer-key", SecretString: secret, KmsKeyId: first }));
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: "customer-key" }))).KmsKeyId, first);
    assert.deepEqual((await sm.send(new ListSecretVersionIdsCommand({ SecretId: "customer-key" }))).Versions![0]!.KmsKeyIds, [first]);

    await kms.send(new DisableKeyCommand({ KeyId: first }));
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "customer-key" })), "DecryptionFailure", /can't decrypt the protected secret text/);
    await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: "customer-key", SecretString: value("refused") })), "EncryptionFailure", /is disabled/);
    await kms.send(new EnableKeyCommand({ KeyId: first }));
    await sm.send(new PutSecretValueCommand({ SecretId: "customer-key", SecretString: value("previous") }));
    const current = value("current");
    await sm.send(new PutSecretValueCommand({ SecretId: "customer-key", SecretString: current }));

    await sm.send(new UpdateSecretCommand({ SecretId: "customer-key", KmsKeyId: second }));
    await kms.send(new DisableKeyCommand({ KeyId: first }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "customer-key" }))).SecretString, current, "AWSCURRENT was re-encrypted under the new key");
    assert.ok((await sm.send(new GetSecretValueCommand({ SecretId: "customer-key", VersionStage: "AWSPREVIOUS" }))).SecretString, "so was AWSPREVIOUS");
    const versions = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: "customer-key" }))).Versions!;
    assert.deepEqual(new Set(versions.map((v) => v.KmsKeyIds![0])), new Set([second]));
    await kms.send(new EnableKeyCommand({ KeyId: first }));
    // "" means the default key again.
    await sm.send(new UpdateSecretCommand({ SecretId: "customer-key", KmsKeyId: "" }));
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: "customer-key" }))).KmsKeyId, undefined);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "customer-key" }))).SecretString, current);
  });

  test("reading needs both the secret and its key: may read the secret but not use the key, or the reverse, is refused", async () => {
    const admin = smAs();
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const secret = value("both");
    await admin.send(new CreateSecretCommand({ Name: "needs-both", SecretString: secret, KmsKeyId: key }));
    await admin.send(new CreateSecretCommand({ Name: "default-key-secret", SecretString: value("default") }));
    const secretOnly = await createUserWithKey(server, "secret-only", { sm: allowAll("secretsmanager:GetSecretValue") });
    const keyOnly = await createUserWithKey(server, "key-only", { kms: allowAll("kms:Decrypt") });
    const both = await createUserWithKey(server, "both", { sm: allowAll("secretsmanager:GetSecretValue"), kms: allowAll("kms:Decrypt") });
    await rejectsWith(smAs(secretOnly.credentials).send(new GetSecretValueCommand({ SecretId: "needs-both" })), "AccessDeniedException", "Access to KMS is not allowed");
    await rejectsWith(smAs(keyOnly.credentials).send(new GetSecretValueCommand({ SecretId: "needs-both" })), "AccessDeniedException", /secretsmanager:GetSecretValue/);
    assert.equal((await smAs(both.credentials).send(new GetSecretValueCommand({ SecretId: "needs-both" }))).SecretString, secret);
    // The managed key lets every principal of the account through Secrets Manager: the secret permission is enough.
    assert.ok((await smAs(secretOnly.credentials).send(new GetSecretValueCommand({ SecretId: "default-key-secret" }))).SecretString);
    // A caller refused the secret learns nothing about whether it exists.
    await rejectsWith(smAs(keyOnly.credentials).send(new GetSecretValueCommand({ SecretId: "no-such-secret" })), "AccessDeniedException");
  });

  test("a key policy with kms:ViaService lets a principal use the key through Secrets Manager only", async () => {
    const user = await createUserWithKey(server, "via-only", { sm: allowAll("secretsmanager:*") });
    const key = (
      await kms.send(
        new CreateKeyCommand({
          Policy: policyDocument(
            { Sid: "Admin", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
            { Sid: "ThroughSecretsManager", Effect: "Allow", Principal: { AWS: user.arn }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": VIA } } },
          ),
        }),
      )
    ).KeyMetadata!.Arn!;
    const sm = smAs(user.credentials);
    const secret = value("via");
    await sm.send(new CreateSecretCommand({ Name: "via-service", SecretString: secret, KmsKeyId: key }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "via-service" }))).SecretString, secret);
    const direct = server.kms({ credentials: user.credentials });
    try {
      await rejectsWith(direct.send(new (await import("@aws-sdk/client-kms")).GenerateDataKeyCommand({ KeyId: key, KeySpec: "AES_256" })), "AccessDeniedException");
    } finally {
      direct.destroy();
    }
  });

  test("a resource policy lets in a principal the identity policies do not, a Deny in it wins, and BlockPublicPolicy refuses a public one", async () => {
    const admin = smAs();
    const reader = await createUserWithKey(server, "policy-reader");
    const denied = await createUserWithKey(server, "policy-denied", { sm: allowAll("secretsmanager:GetSecretValue") });
    const stranger = await createUserWithKey(server, "policy-stranger");
    const secret = value("policy");
    const { ARN } = await admin.send(new CreateSecretCommand({ Name: "with-policy", SecretString: secret }));
    const policy = policyDocument(
      { Sid: "Reader", Effect: "Allow", Principal: { AWS: reader.arn }, Action: "secretsmanager:GetSecretValue", Resource: "*" },
      { Sid: "NotHim", Effect: "Deny", Principal: { AWS: denied.arn }, Action: "secretsmanager:*", Resource: "*" },
    );
    await admin.send(new PutResourcePolicyCommand({ SecretId: "with-policy", ResourcePolicy: policy, BlockPublicPolicy: true }));
    assert.equal((await admin.send(new GetResourcePolicyCommand({ SecretId: "with-policy" }))).ResourcePolicy, policy);
    assert.equal((await smAs(reader.credentials).send(new GetSecretValueCommand({ SecretId: ARN }))).SecretString, secret);
    // Refused by the Deny; the message says no more than a refusal of a secret that does not exist would.
    const refused = await rejectsWith(smAs(denied.credentials).send(new GetSecretValueCommand({ SecretId: "with-policy" })), "AccessDeniedException");
    const missing = await rejectsWith(smAs(denied.credentials).send(new GetSecretValueCommand({ SecretId: "without-policy" })), "ResourceNotFoundException");
    assert.ok(missing);
    const strangerMissing = await rejectsWith(smAs(stranger.credentials).send(new GetSecretValueCommand({ SecretId: "no-such" })), "AccessDeniedException");
    const strangerExisting = await rejectsWith(smAs(stranger.credentials).send(new GetSecretValueCommand({ SecretId: "with-policy" })), "AccessDeniedException");
    assert.equal(strangerExisting.message.replace("with-policy", "X"), strangerMissing.message.replace("no-such", "X"));
    assert.ok(!refused.message.includes(ARN!) && !refused.message.includes("resource-based"), refused.message);
    await rejectsWith(smAs(stranger.credentials).send(new GetSecretValueCommand({ SecretId: ARN })), "AccessDeniedException");

    const open = policyDocument({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*" });
    await rejectsWith(admin.send(new PutResourcePolicyCommand({ SecretId: "with-policy", ResourcePolicy: open, BlockPublicPolicy: true })), "PublicPolicyException");
    const validation = await admin.send(new ValidateResourcePolicyCommand({ SecretId: "with-policy", ResourcePolicy: open }));
    assert.equal(validation.PolicyValidationPassed, false);
    assert.deepEqual(validation.ValidationErrors!.map((e) => e.CheckName), ["BROAD_ACCESS_CHECK"]);
    assert.equal((await admin.send(new ValidateResourcePolicyCommand({ ResourcePolicy: policy }))).PolicyValidationPassed, true);
    await rejectsWith(admin.send(new PutResourcePolicyCommand({ SecretId: "with-policy", ResourcePolicy: "{not json" })), "MalformedPolicyDocumentException");

    await admin.send(new DeleteResourcePolicyCommand({ SecretId: "with-policy" }));
    assert.equal((await admin.send(new GetResourcePolicyCommand({ SecretId: "with-policy" }))).ResourcePolicy, undefined);
    await rejectsWith(smAs(reader.credentials).send(new GetSecretValueCommand({ SecretId: ARN })), "AccessDeniedException");
  });

  test("another account's principal, let in by the resource policy, cannot re-key the secret under its own account's keys", async () => {
    const admin = smAs();
    const owned = value("owned");
    const { ARN } = await admin.send(new CreateSecretCommand({ Name: "cross-account", SecretString: owned }));
    const other = await createAccount(server, "444455556666");
    await admin.send(
      new PutResourcePolicyCommand({
        SecretId: "cross-account",
        ResourcePolicy: policyDocument({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: ["secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue"], Resource: "*" }),
      }),
    );
    const foreign = smAs(other);
    // The owner's aws/secretsmanager key lets in its own account only: the write is refused, as in AWS.
    await rejectsWith(foreign.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: value("foreign") })), "AccessDeniedException", "Access to KMS is not allowed");
    await rejectsWith(foreign.send(new GetSecretValueCommand({ SecretId: ARN })), "AccessDeniedException", "Access to KMS is not allowed");
    assert.equal((await admin.send(new GetSecretValueCommand({ SecretId: ARN }))).SecretString, owned, "the owner still reads its secret");
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: "arn:aws:kms:us-east-1:444455556666:alias/aws/secretsmanager" })), "NotFoundException");
  });

  test("the trail: the GetSecretValue call, and the KMS Decrypt Secrets Manager made for the caller, with no value anywhere", async () => {
    const sm = smAs();
    const secret = value("trail");
    const { ARN, VersionId } = await sm.send(new CreateSecretCommand({ Name: "in-the-trail", SecretString: secret }));
    await sm.send(new GetSecretValueCommand({ SecretId: "in-the-trail" }));
    const cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const lookup = async (name: string) =>
        ((await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }], MaxResults: 50 }))).Events ?? []).map(
          (e) => JSON.parse(e.CloudTrailEvent!) as { eventSource: string; requestParameters: Record<string, unknown> | null; responseElements: unknown; userIdentity: Record<string, unknown>; sourceIPAddress: string },
        );
      const gets = (await lookup("GetSecretValue")).filter((e) => e.requestParameters?.["secretId"] === "in-the-trail");
      assert.equal(gets.length, 1);
      assert.equal(gets[0]!.eventSource, "secretsmanager.amazonaws.com");
      assert.equal(gets[0]!.responseElements, null);
      const decrypts = (await lookup("Decrypt")).filter((e) => (e.requestParameters?.["encryptionContext"] as Record<string, string> | undefined)?.["SecretARN"] === ARN);
      assert.equal(decrypts.length, 1);
      assert.equal(decrypts[0]!.eventSource, "kms.amazonaws.com");
      assert.equal(decrypts[0]!.userIdentity["invokedBy"], "secretsmanager.amazonaws.com");
      assert.equal(decrypts[0]!.userIdentity["arn"], `arn:aws:iam::${ACCOUNT}:root`);
      assert.equal(decrypts[0]!.sourceIPAddress, "secretsmanager.amazonaws.com");
      assert.deepEqual(decrypts[0]!.requestParameters!["encryptionContext"], { SecretARN: ARN, SecretVersionId: VersionId });
      const creates = (await lookup("GenerateDataKey")).filter((e) => (e.requestParameters?.["encryptionContext"] as Record<string, string> | undefined)?.["SecretARN"] === ARN);
      assert.equal(creates.length, 1);
      const all = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 50 }));
      for (const v of values) assert.ok(!JSON.stringify(all.Events).includes(v), "no secret value in the trail");
    } finally {
      cloudtrail.destroy();
    }
  });

  test("a sealed value copied into another secret's version, or another version of its own, does not decrypt", async () => {
    const sm = smAs();
    const a = await sm.send(new CreateSecretCommand({ Name: "copy/source", SecretString: value("copy-source") }));
    const b = await sm.send(new CreateSecretCommand({ Name: "copy/target", SecretString: value("copy-target") }));
    const older = await sm.send(new PutSecretValueCommand({ SecretId: "copy/source", SecretString: value("copy-newer") }));
    // The attacker here writes the database file itself (another connection, as a stolen disk would allow).
    const db = new Database(join(server.dataDir, "data", "strongbox.db"));
    try {
      const copy = db.prepare("UPDATE secret_versions SET encrypted_data_key = (SELECT encrypted_data_key FROM secret_versions WHERE secret_arn = @from AND version_id = @fromVersion), sealed_value = (SELECT sealed_value FROM secret_versions WHERE secret_arn = @from AND version_id = @fromVersion) WHERE secret_arn = @to AND version_id = @toVersion");
      assert.equal(copy.run({ from: a.ARN, fromVersion: a.VersionId, to: b.ARN, toVersion: b.VersionId }).changes, 1);
      assert.equal(copy.run({ from: a.ARN, fromVersion: a.VersionId, to: a.ARN, toVersion: older.VersionId }).changes, 1);
    } finally {
      db.close();
    }
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "copy/target" })), "DecryptionFailure");
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "copy/source" })), "DecryptionFailure");
    assert.ok((await sm.send(new GetSecretValueCommand({ SecretId: "copy/source", VersionId: a.VersionId }))).SecretString, "the original still reads");
  });

  test("no secret value in the database files or the logs", async () => {
    await server.strongbox.close();
    assert.ok(values.length >= 8);
    assertSecretsAbsent(server, values.map((v) => Buffer.from(v)), [(v) => v, (v) => Buffer.from(v.toString("base64"))]);
  });
});
