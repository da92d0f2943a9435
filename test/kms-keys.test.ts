import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import Database from "better-sqlite3";
import { join } from "node:path";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, REGION, serverPerSuite } from "./helpers/server.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("KMS key management", () => {
  const suite = serverPerSuite();

  test("CreateKey returns complete KeyMetadata and DescribeKey returns the same", async () => {
    const before = Date.now();
    const created = await suite.kms.send(new CreateKeyCommand({ Description: "orders", Tags: [{ TagKey: "team", TagValue: "pay" }] }));
    const m = created.KeyMetadata!;
    assert.match(m.KeyId!, UUID);
    assert.equal(m.Arn, `arn:aws:kms:${REGION}:${ACCOUNT}:key/${m.KeyId}`);
    assert.equal(m.AWSAccountId, ACCOUNT);
    assert.equal(m.Description, "orders");
    assert.equal(m.Enabled, true);
    assert.equal(m.KeyState, "Enabled");
    assert.equal(m.KeyUsage, "ENCRYPT_DECRYPT");
    assert.equal(m.KeySpec, "SYMMETRIC_DEFAULT");
    assert.equal(m.CustomerMasterKeySpec, "SYMMETRIC_DEFAULT");
    assert.deepEqual(m.EncryptionAlgorithms, ["SYMMETRIC_DEFAULT"]);
    assert.equal(m.Origin, "AWS_KMS");
    assert.equal(m.KeyManager, "CUSTOMER");
    assert.equal(m.MultiRegion, false);
    assert.match(m.CurrentKeyMaterialId!, /^[0-9a-f]{64}$/);
    assert.equal(m.DeletionDate, undefined);
    assert.ok(m.CreationDate! instanceof Date && Math.abs(m.CreationDate.getTime() - before) < 60_000);
    const described = await suite.kms.send(new DescribeKeyCommand({ KeyId: m.Arn }));
    assert.deepEqual(described.KeyMetadata, m);
  });

  test("CreateKey refuses what this Strongbox does not do yet, and bad input", async () => {
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ KeySpec: "SM2", KeyUsage: "SIGN_VERIFY" })), "UnsupportedOperationException", /SM2/);
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE" })), "UnsupportedOperationException");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ MultiRegion: true })), "UnsupportedOperationException");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ KeyUsage: "SIGN_VERIFY" })), "ValidationException", /not compatible with KeySpec SYMMETRIC_DEFAULT/);
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ CustomKeyStoreId: "cks-1234567890abcdef0" })), "CustomKeyStoreNotFoundException");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ Description: "x".repeat(8193) })), "ValidationException", /at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192/);
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ Policy: "not json" })), "MalformedPolicyDocumentException");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ Tags: [{ TagKey: "aws:x", TagValue: "y" }] })), "TagException");
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ Tags: [{ TagKey: "a", TagValue: "1" }, { TagKey: "a", TagValue: "2" }] })), "TagException", /Duplicate tag keys/);
    await rejectsWith(
      suite.kms.send(new CreateKeyCommand({ Tags: [{ TagKey: "", TagValue: "y" }] })),
      "ValidationException",
      "1 validation error detected: Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  test("Enable and Disable move the key state and are idempotent", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await suite.kms.send(new DisableKeyCommand({ KeyId }));
    await suite.kms.send(new DisableKeyCommand({ KeyId }));
    let m = (await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(m.KeyState, "Disabled");
    assert.equal(m.Enabled, false);
    await suite.kms.send(new EnableKeyCommand({ KeyId }));
    await suite.kms.send(new EnableKeyCommand({ KeyId }));
    m = (await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(m.KeyState, "Enabled");
    assert.equal(m.Enabled, true);
  });

  test("operations that take a key id or ARN only refuse an alias", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/id-only", TargetKeyId: KeyId }));
    await rejectsWith(suite.kms.send(new DisableKeyCommand({ KeyId: "alias/id-only" })), "NotFoundException", "Invalid keyId 'alias/id-only'");
    await rejectsWith(suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId: "alias/id-only" })), "NotFoundException");
  });

  test("ScheduleKeyDeletion: 7-30 days, default 30; the key is pending and unusable; CancelKeyDeletion leaves it Disabled", async () => {
    const { KeyId, Arn } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejectsWith(suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 6 })), "ValidationException", /between 7 and 30/);
    await rejectsWith(suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 31 })), "ValidationException", /between 7 and 30/);
    await rejectsWith(suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 366 })), "ValidationException", /less than or equal to 365/);
    const now = Date.now();
    const scheduled = await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId }));
    assert.equal(scheduled.KeyId, Arn);
    assert.equal(scheduled.KeyState, "PendingDeletion");
    assert.equal(scheduled.PendingWindowInDays, 30);
    assert.ok(Math.abs(scheduled.DeletionDate!.getTime() - (now + 30 * 86_400_000)) < 60_000);
    const m = (await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(m.KeyState, "PendingDeletion");
    assert.equal(m.Enabled, false);
    assert.equal(m.DeletionDate!.getTime(), scheduled.DeletionDate!.getTime());
    await rejectsWith(suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId })), "KMSInvalidStateException", `${Arn} is pending deletion.`);
    await rejectsWith(suite.kms.send(new EnableKeyCommand({ KeyId })), "KMSInvalidStateException", `${Arn} is pending deletion.`);
    await rejectsWith(suite.kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: "x" })), "KMSInvalidStateException");
    const cancelled = await suite.kms.send(new CancelKeyDeletionCommand({ KeyId }));
    assert.equal(cancelled.KeyId, Arn);
    const back = (await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(back.KeyState, "Disabled");
    assert.equal(back.DeletionDate, undefined);
    await rejectsWith(suite.kms.send(new CancelKeyDeletionCommand({ KeyId })), "KMSInvalidStateException", `${Arn} is not pending deletion.`);
  });

  test("the deletion sweeper really deletes the key, its material and its aliases when the date passes", async () => {
    const { KeyId, Arn } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const keep = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const blob = (await suite.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("gone") }))).CiphertextBlob!;
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/doomed", TargetKeyId: KeyId }));
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));

    suite.server.advanceDays(6);
    assert.deepEqual(await suite.server.strongbox.runLifecycle(), { deleted: 0, rotated: 0, expired: 0, secretsDeleted: 0, secretRotationsRun: 0, parametersExpired: 0, parameterNotifications: 0 });
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.KeyState, "PendingDeletion");

    suite.server.advanceDays(1.01);
    const report = await suite.server.strongbox.runLifecycle();
    assert.equal(report.deleted, 1);
    const afterDeletion = suite.kms;
    await rejectsWith(afterDeletion.send(new DescribeKeyCommand({ KeyId })), "NotFoundException", `Key '${Arn}' does not exist`);
    await rejectsWith(afterDeletion.send(new DecryptCommand({ CiphertextBlob: blob })), "InvalidCiphertextException");
    const aliases = await afterDeletion.send(new ListAliasesCommand({}));
    assert.ok(!aliases.Aliases!.some((a) => a.AliasName === "alias/doomed"));
    assert.equal((await afterDeletion.send(new DescribeKeyCommand({ KeyId: keep.KeyId }))).KeyMetadata!.KeyState, "Enabled");
    const db = new Database(join(suite.server.dataDir, "data", "strongbox.db"), { readonly: true });
    try {
      const count = (table: string, keyId: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE key_id = ?`).get(keyId) as { n: number }).n;
      assert.equal(count("kms_key_materials", KeyId!), 0, "the wrapped key material is gone from the store");
      assert.equal(count("kms_keys", KeyId!), 0);
      assert.equal(count("kms_key_materials", keep.KeyId!), 1);
    } finally {
      db.close();
    }
  });

  test("UpdateKeyDescription changes the description (empty allowed)", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({ Description: "old" }))).KeyMetadata!;
    await suite.kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: "new" }));
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.Description, "new");
    await suite.kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: "" }));
    assert.equal((await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.Description, "");
  });

  test("tags: add, replace, remove, list in pages, at most 50", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({ Tags: [{ TagKey: "a", TagValue: "1" }] }))).KeyMetadata!;
    await suite.kms.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: "a", TagValue: "2" }, { TagKey: "b", TagValue: "" }] }));
    let tags = (await suite.kms.send(new ListResourceTagsCommand({ KeyId }))).Tags;
    assert.deepEqual(tags, [{ TagKey: "a", TagValue: "2" }, { TagKey: "b", TagValue: "" }]);
    await suite.kms.send(new UntagResourceCommand({ KeyId, TagKeys: ["a", "not-there"] }));
    tags = (await suite.kms.send(new ListResourceTagsCommand({ KeyId }))).Tags;
    assert.deepEqual(tags, [{ TagKey: "b", TagValue: "" }]);

    const many = Array.from({ length: 49 }, (_, i) => ({ TagKey: `k${String(i).padStart(2, "0")}`, TagValue: String(i) }));
    await suite.kms.send(new TagResourceCommand({ KeyId, Tags: many }));
    await rejectsWith(suite.kms.send(new TagResourceCommand({ KeyId, Tags: [{ TagKey: "one-too-many", TagValue: "x" }] })), "TagException", /at most 50 tags/);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await suite.kms.send(new ListResourceTagsCommand({ KeyId, Limit: 20, ...(marker ? { Marker: marker } : {}) }));
      seen.push(...page.Tags!.map((t) => t.TagKey!));
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker);
    assert.equal(seen.length, 50);
    assert.equal(new Set(seen).size, 50);
  });

  test("ListKeys pages through every key with Limit and Marker", async () => {
    const created = new Set<string>();
    for (let i = 0; i < 7; i++) created.add((await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
    const listed: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await suite.kms.send(new ListKeysCommand({ Limit: 3, ...(marker ? { Marker: marker } : {}) }));
      assert.ok(page.Keys!.length <= 3);
      for (const k of page.Keys!) {
        assert.equal(k.KeyArn, `arn:aws:kms:${REGION}:${ACCOUNT}:key/${k.KeyId}`);
        listed.push(k.KeyId!);
      }
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      marker = page.NextMarker;
      pages++;
    } while (marker);
    assert.ok(pages >= 3);
    assert.equal(new Set(listed).size, listed.length);
    for (const id of created) assert.ok(listed.includes(id));
    await rejectsWith(suite.kms.send(new ListKeysCommand({ Marker: "garbage!" })), "InvalidMarkerException");
    await rejectsWith(suite.kms.send(new ListKeysCommand({ Limit: 1001 })), "ValidationException", /at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000/);
    await rejectsWith(suite.kms.send(new ListKeysCommand({ Limit: 0 })), "ValidationException", /greater than or equal to 1/);
  });
});
