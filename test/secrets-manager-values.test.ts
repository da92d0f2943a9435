/**
 * Secrets Manager's secrets, versions and staging labels through @aws-sdk/client-secrets-manager
 * and the AWS CLI, against a real server: every core operation, its errors and limits.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
  paginateListSecrets,
} from "@aws-sdk/client-secrets-manager";
import { awsCli } from "./helpers/aws-cli.js";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

describe("Secrets Manager: secrets, versions and stages", () => {
  let server: TestServer;
  let sm: SecretsManagerClient;
  let scratch: string;

  before(async () => {
    server = await startTestServer();
    sm = new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    scratch = mkdtempSync(join(tmpdir(), "sbx-sm-values-"));
  });
  after(async () => {
    sm.destroy();
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("CreateSecret answers the ARN with its random suffix and the version; GetSecretValue gives the value back, string or binary", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "app/db/password", SecretString: '{"username":"app","password":"s3cr3t!"}', Description: "the app's database" }));
    assert.match(created.ARN!, new RegExp(`^arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app/db/password-[A-Za-z0-9]{6}$`));
    assert.equal(created.Name, "app/db/password");
    assert.match(created.VersionId!, /^[0-9a-f-]{36}$/);
    for (const id of ["app/db/password", created.ARN!, created.ARN!.slice(0, -7)]) {
      const value = await sm.send(new GetSecretValueCommand({ SecretId: id }));
      assert.equal(value.SecretString, '{"username":"app","password":"s3cr3t!"}');
      assert.equal(value.SecretBinary, undefined);
      assert.equal(value.ARN, created.ARN);
      assert.equal(value.VersionId, created.VersionId);
      assert.deepEqual(value.VersionStages, ["AWSCURRENT"]);
      assert.ok(value.CreatedDate instanceof Date);
    }
    const binary = Buffer.from([0, 1, 2, 250, 255]);
    await sm.send(new CreateSecretCommand({ Name: "app/tls/key", SecretBinary: binary }));
    const read = await sm.send(new GetSecretValueCommand({ SecretId: "app/tls/key" }));
    assert.deepEqual(Buffer.from(read.SecretBinary!), binary);
    assert.equal(read.SecretString, undefined);
  });

  test("a secret without a value has no version until PutSecretValue, which makes it AWSCURRENT", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "empty-at-first" }));
    assert.equal(created.VersionId, undefined);
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: "empty-at-first" }))).VersionIdsToStages, undefined);
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "empty-at-first" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
    const put = await sm.send(new PutSecretValueCommand({ SecretId: "empty-at-first", SecretString: "v1", VersionStages: ["CUSTOM"] }));
    assert.deepEqual(put.VersionStages, ["AWSCURRENT", "CUSTOM"]);
  });

  test("creating a name in use is refused; the same request again (same token and value) is answered as the first", async () => {
    const token = randomUUID();
    const first = await sm.send(new CreateSecretCommand({ Name: "idempotent", SecretString: "same", ClientRequestToken: token }));
    const again = await sm.send(new CreateSecretCommand({ Name: "idempotent", SecretString: "same", ClientRequestToken: token }));
    assert.equal(again.ARN, first.ARN);
    assert.equal(again.VersionId, token);
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: "idempotent", SecretString: "other", ClientRequestToken: token })), "ResourceExistsException", "The operation failed because the secret idempotent already exists.");
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: "idempotent", SecretString: "same" })), "ResourceExistsException");
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: "bad name!*", SecretString: "x" })), "ValidationException", /^Invalid name/);
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: "both", SecretString: "x", SecretBinary: Buffer.from("y") })), "InvalidParameterException", /both a binary secret value and a string/);
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "no-such-secret" })), "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  });

  test("PutSecretValue moves AWSCURRENT and AWSPREVIOUS as AWS does; custom stages move alone; a token is a version once", async () => {
    const { VersionId: v1 } = await sm.send(new CreateSecretCommand({ Name: "staged", SecretString: "one" }));
    const { VersionId: v2, VersionStages } = await sm.send(new PutSecretValueCommand({ SecretId: "staged", SecretString: "two" }));
    assert.deepEqual(VersionStages, ["AWSCURRENT"]);
    const { VersionId: v3 } = await sm.send(new PutSecretValueCommand({ SecretId: "staged", SecretString: "three" }));
    let stages = (await sm.send(new DescribeSecretCommand({ SecretId: "staged" }))).VersionIdsToStages!;
    assert.deepEqual(stages, { [v3!]: ["AWSCURRENT"], [v2!]: ["AWSPREVIOUS"] }, "v1 lost its last label and is deprecated");
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionStage: "AWSPREVIOUS" }))).SecretString, "two");
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionId: v1 }))).SecretString, "one", "a deprecated version is still readable by id");

    const pending = randomUUID();
    const put = await sm.send(new PutSecretValueCommand({ SecretId: "staged", SecretString: "four", ClientRequestToken: pending, VersionStages: ["AWSPENDING"] }));
    assert.deepEqual(put.VersionStages, ["AWSPENDING"]);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "staged" }))).SecretString, "three", "AWSCURRENT did not move");
    // The same token with the same value changes nothing; with another value it is refused.
    const retried = await sm.send(new PutSecretValueCommand({ SecretId: "staged", SecretString: "four", ClientRequestToken: pending, VersionStages: ["AWSPENDING"] }));
    assert.equal(retried.VersionId, pending);
    await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: "staged", SecretString: "changed", ClientRequestToken: pending })), "ResourceExistsException", /can't modify an existing version/);

    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionId: v3, VersionStage: "AWSPENDING" })), "InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId.");
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "staged", VersionId: "0".repeat(32) })), "ResourceNotFoundException", `Secrets Manager can't find the specified secret value for VersionId: ${"0".repeat(32)}`);

    // Finishing a rotation: AWSCURRENT to the pending version; the old current becomes AWSPREVIOUS; AWSPENDING stays until removed.
    await rejectsWith(
      sm.send(new UpdateSecretVersionStageCommand({ SecretId: "staged", VersionStage: "AWSCURRENT", MoveToVersionId: pending })),
      "InvalidParameterException",
      `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${v3}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "staged", VersionStage: "AWSCURRENT", MoveToVersionId: pending, RemoveFromVersionId: v3 }));
    stages = (await sm.send(new DescribeSecretCommand({ SecretId: "staged" }))).VersionIdsToStages!;
    assert.deepEqual(stages, { [pending]: ["AWSCURRENT", "AWSPENDING"], [v3!]: ["AWSPREVIOUS"] });
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: "staged", VersionStage: "AWSPENDING", RemoveFromVersionId: pending }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "staged" }))).SecretString, "four");
    await rejectsWith(sm.send(new UpdateSecretVersionStageCommand({ SecretId: "staged", VersionStage: "AWSCURRENT", RemoveFromVersionId: pending })), "InvalidParameterException");

    const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "staged" }));
    assert.deepEqual(listed.Versions!.map((v) => v.VersionId), [v3, pending]);
    assert.deepEqual(listed.Versions![0]!.KmsKeyIds, ["DefaultEncryptionKey"]);
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "staged", IncludeDeprecated: true }));
    assert.deepEqual(all.Versions!.map((v) => v.VersionId), [v1, v2, v3, pending]);
    assert.equal(all.Versions![0]!.VersionStages, undefined);
    const paged = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "staged", IncludeDeprecated: true, MaxResults: 3 }));
    assert.equal(paged.Versions!.length, 3);
    const rest = await sm.send(new ListSecretVersionIdsCommand({ SecretId: "staged", IncludeDeprecated: true, MaxResults: 3, NextToken: paged.NextToken }));
    assert.deepEqual(rest.Versions!.map((v) => v.VersionId), [pending]);
    await rejectsWith(sm.send(new ListSecretVersionIdsCommand({ SecretId: "staged", NextToken: "bogus" })), "InvalidNextTokenException");
  });

  test("UpdateSecret changes the description, and with a value makes a new AWSCURRENT version", async () => {
    await sm.send(new CreateSecretCommand({ Name: "updated", SecretString: "a", Description: "first" }));
    const metadataOnly = await sm.send(new UpdateSecretCommand({ SecretId: "updated", Description: "second" }));
    assert.equal(metadataOnly.VersionId, undefined);
    const withValue = await sm.send(new UpdateSecretCommand({ SecretId: "updated", SecretString: "b" }));
    assert.ok(withValue.VersionId);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "updated" }));
    assert.equal(described.Description, "second");
    assert.equal(described.KmsKeyId, undefined, "the default key is not shown");
    assert.deepEqual(described.VersionIdsToStages![withValue.VersionId!], ["AWSCURRENT"]);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "updated" }))).SecretString, "b");
    assert.ok(described.LastChangedDate! >= described.CreatedDate!);
    const accessed = await sm.send(new DescribeSecretCommand({ SecretId: "updated" }));
    assert.equal(accessed.LastAccessedDate!.getTime() % 86_400_000, 0, "LastAccessedDate is a day");
  });

  test("tags: added at creation and by TagResource (values replaced), removed by key; filters find secrets by them", async () => {
    await sm.send(new CreateSecretCommand({ Name: "tagged/one", SecretString: "x", Tags: [{ Key: "team", Value: "payments" }] }));
    await sm.send(new TagResourceCommand({ SecretId: "tagged/one", Tags: [{ Key: "team", Value: "billing" }, { Key: "env", Value: "prod" }] }));
    assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: "tagged/one" }))).Tags, [{ Key: "team", Value: "billing" }, { Key: "env", Value: "prod" }]);
    await sm.send(new UntagResourceCommand({ SecretId: "tagged/one", TagKeys: ["team", "absent"] }));
    assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: "tagged/one" }))).Tags, [{ Key: "env", Value: "prod" }]);
    await rejectsWith(sm.send(new TagResourceCommand({ SecretId: "tagged/one", Tags: [{ Key: "aws:reserved", Value: "x" }] })), "InvalidParameterException");
    const byTag = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "tag-value", Values: ["pro"] }] }));
    assert.deepEqual(byTag.SecretList!.map((s) => s.Name), ["tagged/one"]);
    const byName = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["app/"] }, { Key: "name", Values: ["!app/tls"] }] }));
    assert.deepEqual(byName.SecretList!.map((s) => s.Name), ["app/db/password"]);
  });

  test("ListSecrets pages through every secret in creation order, or sorted by name either way", async () => {
    for (const n of [3, 1, 2]) await sm.send(new CreateSecretCommand({ Name: `paged/${n}` }));
    const names: string[] = [];
    for await (const page of paginateListSecrets({ client: sm, pageSize: 2 }, { Filters: [{ Key: "name", Values: ["paged/"] }] })) names.push(...page.SecretList!.map((s) => s.Name!));
    assert.deepEqual(names, ["paged/3", "paged/1", "paged/2"]);
    const sorted = await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["paged/"] }], SortBy: "name", SortOrder: "desc" }));
    assert.deepEqual(sorted.SecretList!.map((s) => s.Name), ["paged/3", "paged/2", "paged/1"]);
    const entry = sorted.SecretList![0]!;
    assert.ok(entry.ARN && entry.CreatedDate && entry.LastChangedDate);
  });

  test("ForceDeleteWithoutRecovery deletes at once, and is not an error on a secret that does not exist", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "forced", SecretString: "x" }));
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: "forced", ForceDeleteWithoutRecovery: true }));
    assert.equal(deleted.ARN, created.ARN);
    await rejectsWith(sm.send(new DescribeSecretCommand({ SecretId: "forced" })), "ResourceNotFoundException");
    const recreated = await sm.send(new CreateSecretCommand({ Name: "forced", SecretString: "y" }));
    assert.notEqual(recreated.ARN, created.ARN, "a new secret gets a new suffix");
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: created.ARN })), "ResourceNotFoundException");
    const absent = await sm.send(new DeleteSecretCommand({ SecretId: "never-was", ForceDeleteWithoutRecovery: true }));
    assert.equal(absent.Name, "never-was");
  });

  test("BatchGetSecretValue reads by id list or by filters, reporting each secret it cannot read", async () => {
    await sm.send(new CreateSecretCommand({ Name: "batch/a", SecretString: "A" }));
    await sm.send(new CreateSecretCommand({ Name: "batch/b", SecretBinary: Buffer.from("B") }));
    await sm.send(new CreateSecretCommand({ Name: "batch/empty" }));
    const byList = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ["batch/a", "batch/b", "batch/missing", "batch/empty"] }));
    assert.deepEqual(byList.SecretValues!.map((v) => v.Name), ["batch/a", "batch/b"]);
    assert.equal(byList.SecretValues![0]!.SecretString, "A");
    assert.equal(Buffer.from(byList.SecretValues![1]!.SecretBinary!).toString(), "B");
    assert.deepEqual(
      byList.Errors!.map((e) => [e.SecretId, e.ErrorCode]),
      [["batch/missing", "ResourceNotFoundException"], ["batch/empty", "ResourceNotFoundException"]],
    );
    const byFilter = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: "name", Values: ["batch/"] }], MaxResults: 2 }));
    assert.equal(byFilter.SecretValues!.length, 2);
    assert.ok(byFilter.NextToken);
    const next = await sm.send(new BatchGetSecretValueCommand({ Filters: [{ Key: "name", Values: ["batch/"] }], MaxResults: 2, NextToken: byFilter.NextToken }));
    assert.deepEqual(next.Errors!.map((e) => e.ErrorCode), ["ResourceNotFoundException"]);
    await rejectsWith(sm.send(new BatchGetSecretValueCommand({})), "InvalidParameterException", "You must include Filters or SecretIdList, but not both.");
  });

  test("the AWS CLI creates, reads, updates and deletes a secret", async () => {
    const cli = (args: string[]) => awsCli(server.url, scratch, ADMIN, args);
    const created = await cli(["secretsmanager", "create-secret", "--name", "cli/secret", "--secret-string", "from the cli"]);
    assert.equal(created.Name, "cli/secret");
    assert.equal((await cli(["secretsmanager", "get-secret-value", "--secret-id", "cli/secret"])).SecretString, "from the cli");
    await cli(["secretsmanager", "put-secret-value", "--secret-id", "cli/secret", "--secret-string", "second"]);
    const versions = (await cli(["secretsmanager", "list-secret-version-ids", "--secret-id", "cli/secret"])).Versions as { VersionStages: string[] }[];
    assert.deepEqual(versions.map((v) => v.VersionStages).sort(), [["AWSCURRENT"], ["AWSPREVIOUS"]]);
    const described = await cli(["secretsmanager", "describe-secret", "--secret-id", "cli/secret"]);
    assert.equal(described.ARN, created.ARN);
    const deleted = await cli(["secretsmanager", "delete-secret", "--secret-id", "cli/secret", "--force-delete-without-recovery"]);
    assert.equal(deleted.ARN, created.ARN);
  });
  test("DeleteSecret schedules the deletion (7-30 days), refuses use meanwhile, RestoreSecret undoes it, and the sweep deletes it for good", async () => {
    await sm.send(new CreateSecretCommand({ Name: "doomed", SecretString: "bye" }));
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: "doomed", RecoveryWindowInDays: 6 })), "InvalidParameterException", "RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: "doomed", RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })), "InvalidParameterException");
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: "doomed", RecoveryWindowInDays: 7 }));
    assert.ok(Math.abs(deleted.DeletionDate!.getTime() - server.clock.now().getTime() - 7 * 86_400_000) < 5_000);
    const marked = "You can't perform this operation on the secret because it was marked for deletion.";
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: "doomed" })), "InvalidRequestException", marked);
    await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: "doomed", SecretString: "x" })), "InvalidRequestException", marked);
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: "doomed" })), "InvalidRequestException", marked);
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: "doomed", SecretString: "x" })), "InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: "doomed" }))).DeletedDate instanceof Date);
    assert.equal((await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["doomed"] }] }))).SecretList!.length, 0);
    assert.equal((await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["doomed"] }], IncludePlannedDeletion: true }))).SecretList!.length, 1);

    await sm.send(new RestoreSecretCommand({ SecretId: "doomed" }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "doomed" }))).SecretString, "bye");
    await sm.send(new DeleteSecretCommand({ SecretId: "doomed", RecoveryWindowInDays: 7 }));
    // Last in this file: the clock moves a week (and the client's with it, for SigV4).
    const advance = (days: number) => {
      server.advanceDays(days);
      sm.config.systemClockOffset = server.clock.offsetMs;
    };
    advance(6);
    assert.equal((await server.strongbox.runLifecycle()).secretsDeleted, 0);
    advance(1.1);
    assert.equal((await server.strongbox.runLifecycle()).secretsDeleted, 1);
    await rejectsWith(sm.send(new DescribeSecretCommand({ SecretId: "doomed" })), "ResourceNotFoundException");
    const again = await sm.send(new CreateSecretCommand({ Name: "doomed", SecretString: "back" }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: again.ARN }))).SecretString, "back");
  });

});
