/**
 * `strongbox server --emulator` (issue 10, first step): any syntactically valid credentials, the
 * account taken from a 12-digit access key id, and policies still evaluated for that principal.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EnableKeyRotationCommand, EncryptCommand, KMSClient, ListAliasesCommand, ListKeyRotationsCommand, ListKeysCommand, ScheduleKeyDeletionCommand } from "@aws-sdk/client-kms";
import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { REGION, startTestServer } from "./helpers/server.js";

const as = (url: string, accessKeyId: string, secretAccessKey = "anything") => ({ endpoint: url, region: REGION, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });

/** Where an emulator without --data-dir keeps its state: memory (/dev/shm) where the machine has it. */
const SCRATCH_BASE = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const scratchDirs = () => readdirSync(SCRATCH_BASE).filter((name) => name.startsWith("strongbox-emulator-"));

describe("strongbox server --emulator", () => {
  let server: ChildServer;
  let scratchBefore: string[];
  before(async () => {
    scratchBefore = scratchDirs();
    server = await startChildServer(["--emulator"]);
  });
  after(async () => {
    if (server.child.exitCode === null) await server.stop();
  });

  test("any credentials are accepted: a 12-digit access key id names its account, any other id the default one, and GetCallerIdentity says so", async () => {
    const identities = [];
    for (const keyId of ["test", "AKIAIOSFODNN7EXAMPLE", "123456789012", "444455556666"]) {
      const sts = new STSClient(as(server.url, keyId));
      identities.push(await sts.send(new GetCallerIdentityCommand({})));
      sts.destroy();
    }
    assert.deepEqual(
      identities.map(({ Account, Arn, UserId }) => ({ Account, Arn, UserId })),
      [
        { Account: "111122223333", Arn: "arn:aws:iam::111122223333:root", UserId: "111122223333" },
        { Account: "111122223333", Arn: "arn:aws:iam::111122223333:root", UserId: "111122223333" },
        { Account: "123456789012", Arn: "arn:aws:iam::123456789012:root", UserId: "123456789012" },
        { Account: "444455556666", Arn: "arn:aws:iam::444455556666:root", UserId: "444455556666" },
      ],
    );
  });

  test("keys belong to the account the credentials name, and each account sees only its own", async () => {
    const mine = new KMSClient(as(server.url, "123456789012", "one secret"));
    const same = new KMSClient(as(server.url, "123456789012", "another secret"));
    const other = new KMSClient(as(server.url, "210987654321"));
    try {
      const arn = (await mine.send(new CreateKeyCommand({ Description: "emulated" }))).KeyMetadata!.Arn!;
      assert.match(arn, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
      assert.ok((await same.send(new ListKeysCommand({}))).Keys!.some((k) => k.KeyArn === arn), "any secret, same account");
      assert.ok(!(await other.send(new ListKeysCommand({}))).Keys!.some((k) => k.KeyArn === arn), "another account does not see it");
    } finally {
      for (const client of [mine, same, other]) client.destroy();
    }
  });

  test("what is never relaxed: a malformed signature, a missing one, a scope without a Region, and the policies", async () => {
    const noSignature = await signedCall(server.url, "ListKeys", {}, { credentials: { accessKeyId: "test", secretAccessKey: "test" }, tamper: (r) => (r.headers.authorization = r.headers.authorization!.replace(/, Signature=[0-9a-f]+/, "")) });
    assert.equal(noSignature.body.__type, "IncompleteSignatureException");
    const unsigned = await fetch(`${server.url}/`, { method: "POST", headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    assert.equal(((await unsigned.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");
    const nowhere = await signedCall(server.url, "ListKeys", {}, { credentials: { accessKeyId: "test", secretAccessKey: "test" }, region: "nowhere" });
    assert.equal(nowhere.body.__type, "InvalidSignatureException", "a scope that names no Region");

    // A key policy's explicit Deny binds the emulated account root, as it binds AWS's.
    const root = new KMSClient(as(server.url, "123456789012"));
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        { Effect: "Deny", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:Encrypt", Resource: "*" },
      ],
    });
    const keyId = (await root.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.KeyId!;
    await assert.rejects(root.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") })), { name: "AccessDeniedException" });

    // An access key Strongbox issued stands for its user, whatever secret signs: a user without policies may do nothing.
    const iam = new IAMClient(as(server.url, "123456789012"));
    await iam.send(new CreateUserCommand({ UserName: "no-policies" }));
    const issued = (await iam.send(new CreateAccessKeyCommand({ UserName: "no-policies" }))).AccessKey!;
    iam.destroy();
    const user = new STSClient(as(server.url, issued.AccessKeyId!, "not its secret"));
    assert.equal((await user.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::123456789012:user/no-policies");
    user.destroy();
    const userKms = new KMSClient(as(server.url, issued.AccessKeyId!, "not its secret"));
    await assert.rejects(userKms.send(new CreateKeyCommand({})), { name: "AccessDeniedException" });
    userKms.destroy();
    root.destroy();
  });

  test("one endpoint serves every Region: keys, aliases, secrets and parameters live in the Region the request was signed for", async () => {
    const inRegion = (region: string) => ({ ...as(server.url, "123456789012"), region });
    const east = new KMSClient(inRegion("us-east-1"));
    const west = new KMSClient(inRegion("eu-west-1"));
    const eastSecrets = new SecretsManagerClient(inRegion("us-east-1"));
    const westSecrets = new SecretsManagerClient(inRegion("eu-west-1"));
    const westSsm = new SSMClient(inRegion("eu-west-1"));
    const eastSsm = new SSMClient(inRegion("us-east-1"));
    try {
      const eastKey = (await east.send(new CreateKeyCommand({}))).KeyMetadata!;
      const westKey = (await west.send(new CreateKeyCommand({}))).KeyMetadata!;
      assert.match(eastKey.Arn!, /^arn:aws:kms:us-east-1:123456789012:key\//);
      assert.match(westKey.Arn!, /^arn:aws:kms:eu-west-1:123456789012:key\//);
      const westKeys = (await west.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyArn);
      assert.ok(westKeys.includes(westKey.Arn) && !westKeys.includes(eastKey.Arn), "each Region lists its own keys");
      // The same alias name in two Regions, each pointing at its own Region's key.
      await east.send(new CreateAliasCommand({ AliasName: "alias/everywhere", TargetKeyId: eastKey.KeyId }));
      await west.send(new CreateAliasCommand({ AliasName: "alias/everywhere", TargetKeyId: westKey.KeyId }));
      assert.equal((await west.send(new DescribeKeyCommand({ KeyId: "alias/everywhere" }))).KeyMetadata!.Arn, westKey.Arn);
      // A key of another Region is not found here, by ARN or by its ciphertext.
      await assert.rejects(west.send(new DescribeKeyCommand({ KeyId: eastKey.Arn })));
      const blob = (await east.send(new EncryptCommand({ KeyId: eastKey.KeyId, Plaintext: Buffer.from("east") }))).CiphertextBlob!;
      await assert.rejects(west.send(new DecryptCommand({ CiphertextBlob: blob })));
      assert.equal(Buffer.from((await east.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "east");
      // Secrets and parameters of one name, one per Region.
      await eastSecrets.send(new CreateSecretCommand({ Name: "regional/secret", SecretString: "east value" }));
      await westSecrets.send(new CreateSecretCommand({ Name: "regional/secret", SecretString: "west value" }));
      assert.equal((await westSecrets.send(new GetSecretValueCommand({ SecretId: "regional/secret" }))).SecretString, "west value");
      assert.match((await westSecrets.send(new GetSecretValueCommand({ SecretId: "regional/secret" }))).ARN!, /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:regional\/secret-/);
      await westSsm.send(new PutParameterCommand({ Name: "/regional/p", Value: "west", Type: "SecureString" }));
      await assert.rejects(eastSsm.send(new GetParameterCommand({ Name: "/regional/p" })), { name: "ParameterNotFound" });
      assert.equal((await westSsm.send(new GetParameterCommand({ Name: "/regional/p", WithDecryption: true }))).Parameter!.Value, "west");
    } finally {
      for (const client of [east, west, eastSecrets, westSecrets, westSsm, eastSsm]) client.destroy();
    }
  });

  test("POST /moto-api/reset and POST /sys/emulator/reset clear every account's state at once, and the same names can be used again", async () => {
    const kms = new KMSClient(as(server.url, "123456789012"));
    const other = new KMSClient(as(server.url, "test"));
    const secrets = new SecretsManagerClient(as(server.url, "123456789012"));
    const ssm = new SSMClient(as(server.url, "123456789012"));
    const iam = new IAMClient(as(server.url, "123456789012"));
    try {
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await kms.send(new CreateAliasCommand({ AliasName: "alias/reset-me", TargetKeyId: keyId }));
      await other.send(new CreateKeyCommand({}));
      await secrets.send(new CreateSecretCommand({ Name: "reset/secret", SecretString: "v" }));
      await ssm.send(new PutParameterCommand({ Name: "/reset/p", Value: "v", Type: "SecureString" }));
      await iam.send(new CreateUserCommand({ UserName: "reset-user" }));

      const moto = await fetch(`${server.url}/moto-api/reset`, { method: "POST" });
      assert.equal(moto.status, 200);
      const report = (await moto.json()) as { status: string; rowsDeleted: number; milliseconds: number };
      assert.equal(report.status, "ok");
      assert.ok(report.rowsDeleted > 10, `rows deleted: ${report.rowsDeleted}`);

      assert.deepEqual((await kms.send(new ListKeysCommand({}))).Keys, []);
      assert.deepEqual((await other.send(new ListKeysCommand({}))).Keys, []);
      assert.ok(!(await kms.send(new ListAliasesCommand({}))).Aliases!.some((a) => a.AliasName === "alias/reset-me"));
      assert.deepEqual((await secrets.send(new ListSecretsCommand({}))).SecretList, []);
      await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/reset/p" })), { name: "ParameterNotFound" });
      await assert.rejects(iam.send(new GetUserCommand({ UserName: "reset-user" })), { name: "NoSuchEntityException" });

      // The same names again, in the account made anew.
      const again = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await kms.send(new CreateAliasCommand({ AliasName: "alias/reset-me", TargetKeyId: again }));
      await secrets.send(new CreateSecretCommand({ Name: "reset/secret", SecretString: "v2" }));
      assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: "reset/secret" }))).SecretString, "v2");

      const sys = await fetch(`${server.url}/sys/emulator/reset`, { method: "POST" });
      assert.equal(sys.status, 200);
      assert.deepEqual((await kms.send(new ListKeysCommand({}))).Keys, []);
    } finally {
      for (const client of [kms, other, secrets, ssm, iam]) client.destroy();
    }
  });

  test("time travel: moving the clock forward deletes a key whose window ends, rotates a key whose period ends, and expires a parameter, at once", async () => {
    const kms = new KMSClient(as(server.url, "123456789012"));
    const ssm = new SSMClient(as(server.url, "123456789012"));
    try {
      const doomed = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
      const rotating = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      await kms.send(new EnableKeyRotationCommand({ KeyId: rotating, RotationPeriodInDays: 90 }));
      const expiry = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
      await ssm.send(new PutParameterCommand({ Name: "/travel/expiring", Value: "v", Type: "String", Tier: "Advanced", Policies: JSON.stringify([{ Type: "Expiration", Version: "1.0", Attributes: { Timestamp: expiry } }]) }));

      const early = await runCli(["emulator", "clock", "--advance-seconds", String(3 * 24 * 3600), "--endpoint", server.url]);
      assert.equal(early.code, 0, early.stderr);
      assert.ok(((JSON.parse(early.stdout) as { offsetSeconds: number }).offsetSeconds) >= 3 * 24 * 3600);
      await assert.rejects(ssm.send(new GetParameterCommand({ Name: "/travel/expiring" })), { name: "ParameterNotFound" }, "expired after 3 days");
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: doomed }))).KeyMetadata!.KeyState, "PendingDeletion", "not yet: 4 of 7 days left");
      assert.deepEqual((await kms.send(new ListKeyRotationsCommand({ KeyId: rotating }))).Rotations, []);

      const later = await fetch(`${server.url}/sys/emulator/clock`, { method: "POST", body: JSON.stringify({ advanceSeconds: 88 * 24 * 3600 }) });
      assert.equal(later.status, 200);
      await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: doomed })), { name: "NotFoundException" }, "deleted when its window ended");
      const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: rotating }))).Rotations!;
      assert.deepEqual(rotations.map((r) => r.RotationType), ["AUTOMATIC"], "rotated when its 90 days ended");

      // A long jump fires every occurrence it passes: a 90-day key rotates at 180 and 270 days too.
      const long = await fetch(`${server.url}/sys/emulator/clock`, { method: "POST", body: JSON.stringify({ advanceSeconds: 180 * 24 * 3600 }) });
      assert.equal(((await long.json()) as { lifecycle: { rotated: number } }).lifecycle.rotated, 2);
      assert.deepEqual((await kms.send(new ListKeyRotationsCommand({ KeyId: rotating }))).Rotations!.map((r) => r.RotationType), ["AUTOMATIC", "AUTOMATIC", "AUTOMATIC"]);

      const now = (await (await fetch(`${server.url}/sys/emulator/clock`)).json()) as { now: string; offsetSeconds: number };
      assert.equal(now.offsetSeconds, 271 * 24 * 3600);
      assert.ok(Math.abs(Date.parse(now.now) - (Date.now() + 271 * 24 * 3600 * 1000)) < 60_000);
      const backwards = await fetch(`${server.url}/sys/emulator/clock`, { method: "POST", body: JSON.stringify({ advanceSeconds: -1 }) });
      assert.equal(backwards.status, 400);
      assert.match(((await backwards.json()) as { message: string }).message, /only moves forward/);
    } finally {
      kms.destroy();
      ssm.destroy();
    }
  });

  test("strongbox emulator export writes the whole state, marked INSECURE, and an emulator started with --import (or a data dir made by emulator import) holds it all", async () => {
    const config = { ...as(server.url, "123456789012"), region: "eu-west-1" };
    const kms = new KMSClient(config);
    const secrets = new SecretsManagerClient(config);
    const ssm = new SSMClient(config);
    const dir = mkdtempSync(join(tmpdir(), "sbx-emulator-export-"));
    const file = join(dir, "state.backup");
    let blob: Uint8Array;
    try {
      const keyId = (await kms.send(new CreateKeyCommand({ Description: "exported" }))).KeyMetadata!.KeyId!;
      await kms.send(new CreateAliasCommand({ AliasName: "alias/exported", TargetKeyId: keyId }));
      blob = (await kms.send(new EncryptCommand({ KeyId: "alias/exported", Plaintext: Buffer.from("made before the export") }))).CiphertextBlob!;
      await secrets.send(new CreateSecretCommand({ Name: "exported/secret", SecretString: "exported value" }));
      await ssm.send(new PutParameterCommand({ Name: "/exported/p", Value: "exported parameter", Type: "SecureString" }));
    } finally {
      for (const client of [kms, secrets, ssm]) client.destroy();
    }
    const exported = await runCli(["emulator", "export", file, "--endpoint", server.url]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /^INSECURE: this backup carries the --dev root key/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file).subarray(0, 4096).toString("latin1"), /"warning":"INSECURE: this backup carries the --dev root key/);

    const holdsIt = async (url: string) => {
      const c = { ...as(url, "123456789012"), region: "eu-west-1" };
      const k = new KMSClient(c);
      const sm = new SecretsManagerClient(c);
      const p = new SSMClient(c);
      try {
        assert.equal(Buffer.from((await k.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "made before the export");
        assert.equal((await k.send(new DescribeKeyCommand({ KeyId: "alias/exported" }))).KeyMetadata!.Description, "exported");
        assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "exported/secret" }))).SecretString, "exported value");
        assert.equal((await p.send(new GetParameterCommand({ Name: "/exported/p", WithDecryption: true }))).Parameter!.Value, "exported parameter");
      } finally {
        for (const client of [k, sm, p]) client.destroy();
      }
    };
    try {
      const started = await startChildServer(["--emulator", "--import", file]);
      try {
        await holdsIt(started.url);
      } finally {
        await started.stop();
      }
      const dataDir = join(dir, "imported");
      const imported = await runCli(["emulator", "import", file, "--data-dir", dataDir]);
      assert.equal(imported.code, 0, imported.stderr);
      const fromDir = await startChildServer(["--emulator", "--data-dir", dataDir]);
      try {
        await holdsIt(fromDir.url);
      } finally {
        await fromDir.stop();
      }
      writeFileSync(join(dir, "not-an-export"), "hello");
      const refused = await runCli(["emulator", "import", join(dir, "not-an-export"), "--data-dir", join(dir, "refused")]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /not a Strongbox backup/);
      assert.equal(existsSync(join(dir, "refused", "strongbox.db")), false);
      const withoutEmulator = await runCli(["server", "--dev", "--import", file, "--port", "0"]);
      assert.equal(withoutEmulator.code, 2);
      assert.match(withoutEmulator.stderr, /--import starts an emulator from an export: add --emulator/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the reset routes exist only in emulator mode", async () => {
    const plain = await startTestServer();
    try {
      for (const path of ["/moto-api/reset", "/sys/emulator/reset"]) {
        const answer = await fetch(`${plain.url}${path}`, { method: "POST" });
        assert.equal(answer.status, 400);
        assert.equal(((await answer.json()) as { __type: string }).__type, "UnknownOperationException");
      }
    } finally {
      await plain.close();
    }
  });

  test("without --data-dir its state lives in a scratch dir that is removed when it stops; with one, state stays", async () => {
    const created = scratchDirs().filter((name) => !scratchBefore.includes(name));
    assert.equal(created.length, 1, "one scratch dir for this server");
    // The trail outlived the resets, records them, and still verifies.
    const trail = new CloudTrailClient(as(server.url, "test"));
    const resets = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "EmulatorReset" }] }));
    trail.destroy();
    assert.equal(resets.Events!.length, 2);
    const verify = await runCli(["audit", "verify", "--data-dir", join(SCRATCH_BASE, created[0]!)]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    await server.stop();
    assert.equal(existsSync(join(SCRATCH_BASE, created[0]!)), false, "removed at stop");

    const dir = mkdtempSync(join(tmpdir(), "sbx-emulator-kept-"));
    try {
      const kept = await startChildServer(["--emulator", "--data-dir", dir]);
      const kms = new KMSClient(as(kept.url, "test"));
      await kms.send(new CreateKeyCommand({}));
      kms.destroy();
      await kept.stop();
      assert.ok(readdirSync(dir).includes("strongbox.db"), "the named data dir keeps its store");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
