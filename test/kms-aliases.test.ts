import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, REGION, serverPerSuite } from "./helpers/server.js";

const aliasArn = (name: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`;

describe("KMS aliases", () => {
  const suite = serverPerSuite();
  let first: { KeyId: string; Arn: string };
  let second: { KeyId: string; Arn: string };

  before(async () => {
    const a = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const b = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    first = { KeyId: a.KeyId!, Arn: a.Arn! };
    second = { KeyId: b.KeyId!, Arn: b.Arn! };
  });

  test("CreateAlias, then the alias names the key in DescribeKey and ListAliases", async () => {
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/app/orders", TargetKeyId: first.Arn }));
    const described = await suite.kms.send(new DescribeKeyCommand({ KeyId: "alias/app/orders" }));
    assert.equal(described.KeyMetadata!.KeyId, first.KeyId);
    const listed = (await suite.kms.send(new ListAliasesCommand({}))).Aliases!.find((a) => a.AliasName === "alias/app/orders")!;
    assert.equal(listed.AliasArn, aliasArn("alias/app/orders"));
    assert.equal(listed.TargetKeyId, first.KeyId);
    assert.ok(listed.CreationDate instanceof Date);
    assert.ok(listed.LastUpdatedDate instanceof Date);
  });

  test("alias names: prefix, characters, reserved alias/aws/, duplicates", async () => {
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "orders", TargetKeyId: first.KeyId })), "ValidationException", /Alias must start with the prefix "alias\/"/);
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/a b", TargetKeyId: first.KeyId })), "ValidationException", /regular expression pattern/);
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/a:b", TargetKeyId: first.KeyId })), "ValidationException", /invalid characters/);
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/aws/s3", TargetKeyId: first.KeyId })), "NotAuthorizedException");
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/dup", TargetKeyId: first.KeyId }));
    await rejectsWith(
      suite.kms.send(new CreateAliasCommand({ AliasName: "alias/dup", TargetKeyId: second.KeyId })),
      "AlreadyExistsException",
      `An alias with the name ${aliasArn("alias/dup")} already exists`,
    );
  });

  test("an alias must point at a key by id or ARN, not at another alias or a missing key", async () => {
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/to-alias", TargetKeyId: "alias/dup" })), "ValidationException", "Aliases must refer to keys. Not aliases");
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/to-nothing", TargetKeyId: "11111111-1111-4111-8111-111111111111" })), "NotFoundException", /does not exist/);
  });

  test("UpdateAlias moves an alias to another key; DeleteAlias removes it", async () => {
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/moving", TargetKeyId: first.KeyId }));
    const created = (await suite.kms.send(new ListAliasesCommand({ KeyId: first.KeyId }))).Aliases!.find((a) => a.AliasName === "alias/moving")!;
    await new Promise((r) => setTimeout(r, 5));
    await suite.kms.send(new UpdateAliasCommand({ AliasName: "alias/moving", TargetKeyId: second.KeyId }));
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId: "alias/moving" }))).KeyMetadata!.KeyId, second.KeyId);
    const moved = (await suite.kms.send(new ListAliasesCommand({ KeyId: second.Arn }))).Aliases!.find((a) => a.AliasName === "alias/moving")!;
    assert.equal(moved.CreationDate!.getTime(), created.CreationDate!.getTime());
    assert.ok(moved.LastUpdatedDate!.getTime() > created.LastUpdatedDate!.getTime());
    await rejectsWith(suite.kms.send(new UpdateAliasCommand({ AliasName: "alias/none", TargetKeyId: second.KeyId })), "NotFoundException", `Alias ${aliasArn("alias/none")} is not found.`);
    await suite.kms.send(new DeleteAliasCommand({ AliasName: "alias/moving" }));
    await rejectsWith(suite.kms.send(new DescribeKeyCommand({ KeyId: "alias/moving" })), "NotFoundException", `Alias ${aliasArn("alias/moving")} is not found.`);
    await rejectsWith(suite.kms.send(new DeleteAliasCommand({ AliasName: "alias/moving" })), "NotFoundException", `Alias ${aliasArn("alias/moving")} is not found.`);
  });

  test("ListAliases filters by key and pages by Marker", async () => {
    const key = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    for (let i = 0; i < 5; i++) await suite.kms.send(new CreateAliasCommand({ AliasName: `alias/page-${i}`, TargetKeyId: key.KeyId }));
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await suite.kms.send(new ListAliasesCommand({ KeyId: key.KeyId, Limit: 2, ...(marker ? { Marker: marker } : {}) }));
      for (const a of page.Aliases!) {
        assert.equal(a.TargetKeyId, key.KeyId);
        names.push(a.AliasName!);
      }
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(names, ["alias/page-0", "alias/page-1", "alias/page-2", "alias/page-3", "alias/page-4"]);
    await rejectsWith(suite.kms.send(new ListAliasesCommand({ KeyId: "22222222-2222-4222-8222-222222222222" })), "NotFoundException");
  });

  test("an alias cannot be created for a key pending deletion", async () => {
    const key = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/late", TargetKeyId: key.KeyId })), "KMSInvalidStateException", `${key.Arn} is pending deletion.`);
  });

  test("a key can have at most 50 aliases", async () => {
    const key = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    for (let i = 0; i < 50; i++) await suite.kms.send(new CreateAliasCommand({ AliasName: `alias/many-${i}`, TargetKeyId: key.KeyId }));
    await rejectsWith(suite.kms.send(new CreateAliasCommand({ AliasName: "alias/many-50", TargetKeyId: key.KeyId })), "LimitExceededException");
  });
});
