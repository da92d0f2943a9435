import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { runCli, startChildServer } from "./helpers/child-server.js";
import { awsCli, type CliCredentials as Credentials } from "./helpers/aws-cli.js";
import { allowAll, allowAssumeRole, trustAccount } from "./helpers/iam.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

describe("the AWS CLI (v1) and `strongbox account create` against IAM and STS", () => {
  let server: TestServer;
  let dir: string;

  before(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "sbx-cli-iam-"));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const aws = (credentials: Credentials, ...args: string[]) => awsCli(server.url, dir, credentials, args);

  test("users, keys, inline policies and roles; the new user's key and a role session sign CLI calls", async () => {
    const created = (await aws(ADMIN, "iam", "create-user", "--user-name", "cli-user", "--path", "/cli/", "--tags", "Key=team,Value=blue")).User as Record<string, unknown>;
    assert.equal(created.Arn, `arn:aws:iam::${ACCOUNT}:user/cli/cli-user`);
    const users = (await aws(ADMIN, "iam", "list-users", "--path-prefix", "/cli/")).Users as Array<Record<string, string>>;
    assert.deepEqual(users.map((u) => u.UserName), ["cli-user"]);

    writeFileSync(join(dir, "policy.json"), allowAll("kms:ListKeys"));
    await aws(ADMIN, "iam", "put-user-policy", "--user-name", "cli-user", "--policy-name", "kms", "--policy-document", `file://${join(dir, "policy.json")}`);
    // botocore URL-decodes and parses the policy IAM sends back.
    const policy = await aws(ADMIN, "iam", "get-user-policy", "--user-name", "cli-user", "--policy-name", "kms");
    assert.deepEqual(policy.PolicyDocument, JSON.parse(allowAll("kms:ListKeys")));

    const key = (await aws(ADMIN, "iam", "create-access-key", "--user-name", "cli-user")).AccessKey as Record<string, string>;
    const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    assert.equal((await aws(user, "sts", "get-caller-identity")).Arn, `arn:aws:iam::${ACCOUNT}:user/cli/cli-user`);
    assert.ok(Array.isArray((await aws(user, "kms", "list-keys")).Keys));

    writeFileSync(join(dir, "trust.json"), trustAccount());
    const role = (await aws(ADMIN, "iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", `file://${join(dir, "trust.json")}`)).Role as Record<string, unknown>;
    assert.deepEqual(role.AssumeRolePolicyDocument, JSON.parse(trustAccount()));
    // The account root may not assume roles (AWS); the user may, once its identity policy allows sts:AssumeRole.
    await assert.rejects(aws(ADMIN, "sts", "assume-role", "--role-arn", String(role.Arn), "--role-session-name", "root-session"), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? "", /\(AccessDenied\) when calling the AssumeRole operation: Roles may not be assumed by root accounts\./);
      return true;
    });
    writeFileSync(join(dir, "assume.json"), allowAssumeRole());
    await aws(ADMIN, "iam", "put-user-policy", "--user-name", "cli-user", "--policy-name", "assume", "--policy-document", `file://${join(dir, "assume.json")}`);
    const assumed = await aws(user, "sts", "assume-role", "--role-arn", String(role.Arn), "--role-session-name", "cli-session", "--duration-seconds", "900");
    const c = assumed.Credentials as Record<string, string>;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    assert.equal((await aws(session, "sts", "get-caller-identity")).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cli-role/cli-session`);

    await aws(ADMIN, "iam", "update-access-key", "--user-name", "cli-user", "--access-key-id", user.accessKeyId, "--status", "Inactive");
    await assert.rejects(aws(user, "sts", "get-caller-identity"), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? "", /InvalidClientTokenId/);
      return true;
    });
  });

  test("an IAM error reaches the CLI as the AWS error", async () => {
    await assert.rejects(aws(ADMIN, "iam", "get-user", "--user-name", "missing"), (error: Error & { stderr?: string }) => {
      assert.match(error.stderr ?? "", /\(NoSuchEntity\) when calling the GetUser operation: The user with name missing cannot be found\./);
      return true;
    });
  });

  test("`strongbox account create` on a running dev data dir: root credentials once, refused for an existing account", async () => {
    const dataDir = join(server.dataDir, "data");
    const created = await runCli(["account", "create", "--account-id", "444455556666", "--data-dir", dataDir]);
    assert.equal(created.code, 0, created.stderr);
    const account = JSON.parse(created.stdout) as { AccountId: string; AccessKeyId: string; SecretAccessKey: string };
    assert.equal(account.AccountId, "444455556666");
    assert.match(account.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(account.SecretAccessKey.length, 40);
    const root = { accessKeyId: account.AccessKeyId, secretAccessKey: account.SecretAccessKey };
    assert.equal((await aws(root, "sts", "get-caller-identity")).Arn, "arn:aws:iam::444455556666:root");
    assert.deepEqual((await aws(root, "iam", "list-users")).Users, []);

    const again = await runCli(["account", "create", "--account-id", "444455556666", "--data-dir", dataDir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /account 444455556666 exists already/);
    assert.equal(again.stdout, "");
    const bad = await runCli(["account", "create", "--account-id", "12345", "--data-dir", dataDir]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /12 digits/);
  });

  test("`strongbox account create` on a passphrase data dir needs the passphrase", async () => {
    const dataDir = join(dir, "sealed");
    const passphraseFile = join(dir, "passphrase");
    writeFileSync(passphraseFile, "a long operator passphrase\n", { mode: 0o600 });
    assert.equal((await runCli(["init", "--data-dir", dataDir, "--passphrase-file", passphraseFile])).code, 0);
    const wrong = await runCli(["account", "create", "--account-id", "222233334444", "--data-dir", dataDir], { input: "not it\n" });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /does not unseal/);
    const created = await runCli(["account", "create", "--account-id", "222233334444", "--data-dir", dataDir], { input: "a long operator passphrase\n" });
    assert.equal(created.code, 0, created.stderr);
    const account = JSON.parse(created.stdout) as { AccessKeyId: string; SecretAccessKey: string };

    const child = await startChildServer(["--data-dir", dataDir], { STRONGBOX_ADMIN_ACCESS_KEY_ID: "", STRONGBOX_ADMIN_SECRET_ACCESS_KEY: "" });
    try {
      assert.equal((await runCli(["unseal", "--endpoint", child.url, "--passphrase-file", passphraseFile])).code, 0);
      const sts = new STSClient({ endpoint: child.url, region: REGION, credentials: { accessKeyId: account.AccessKeyId, secretAccessKey: account.SecretAccessKey }, maxAttempts: 1 });
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::222233334444:root");
      sts.destroy();
      assert.ok(!child.output().includes(account.SecretAccessKey));
    } finally {
      child.child.kill("SIGTERM");
      await child.exited();
    }
  });
});
