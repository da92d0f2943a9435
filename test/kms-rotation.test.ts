import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  CancelKeyDeletionCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { serverPerSuite } from "./helpers/server.js";

const DAY = 86_400_000;

describe("KMS key rotation", () => {
  const suite = serverPerSuite();

  test("EnableKeyRotation: default 365 days, 90-2560 allowed; GetKeyRotationStatus reports it; DisableKeyRotation turns it off", async () => {
    const { KeyId, Arn } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.deepEqual(await status(KeyId!), { KeyRotationEnabled: false, KeyId: Arn });
    const now = Date.now();
    await suite.kms.send(new EnableKeyRotationCommand({ KeyId }));
    const enabled = await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }));
    assert.equal(enabled.KeyRotationEnabled, true);
    assert.equal(enabled.RotationPeriodInDays, 365);
    assert.ok(Math.abs(enabled.NextRotationDate!.getTime() - (now + 365 * DAY)) < 60_000);
    await suite.kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 90 }));
    assert.equal((await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }))).RotationPeriodInDays, 90);
    await rejectsWith(suite.kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 89 })), "ValidationException", /at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90/);
    await rejectsWith(suite.kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 2561 })), "ValidationException", /less than or equal to 2560/);
    await suite.kms.send(new DisableKeyRotationCommand({ KeyId }));
    assert.equal((await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }))).KeyRotationEnabled, false);
  });

  test("rotation needs an enabled key; a key pending deletion reports rotation off until the deletion is cancelled", async () => {
    const { KeyId, Arn } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await suite.kms.send(new EnableKeyRotationCommand({ KeyId }));
    await suite.kms.send(new DisableKeyCommand({ KeyId }));
    await rejectsWith(suite.kms.send(new EnableKeyRotationCommand({ KeyId })), "DisabledException", `${Arn} is disabled.`);
    await rejectsWith(suite.kms.send(new RotateKeyOnDemandCommand({ KeyId })), "DisabledException");
    await suite.kms.send(new EnableKeyCommand({ KeyId }));
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    assert.equal((await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }))).KeyRotationEnabled, false);
    await rejectsWith(suite.kms.send(new EnableKeyRotationCommand({ KeyId })), "KMSInvalidStateException", `${Arn} is pending deletion.`);
    await suite.kms.send(new CancelKeyDeletionCommand({ KeyId }));
    assert.equal((await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }))).KeyRotationEnabled, true);
  });

  test("RotateKeyOnDemand makes new material current; old ciphertexts still decrypt; ListKeyRotations lists the rotations", async () => {
    const { KeyId, Arn } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const original = (await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.CurrentKeyMaterialId!;
    const oldBlob = (await suite.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("before") }))).CiphertextBlob!;
    assert.deepEqual((await suite.kms.send(new ListKeyRotationsCommand({ KeyId }))).Rotations, []);

    const rotated = await suite.kms.send(new RotateKeyOnDemandCommand({ KeyId }));
    assert.equal(rotated.KeyId, Arn);
    const current = (await suite.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!.CurrentKeyMaterialId!;
    assert.notEqual(current, original);

    const newBlob = (await suite.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("after") }))).CiphertextBlob!;
    const oldDec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: oldBlob }));
    assert.equal(Buffer.from(oldDec.Plaintext!).toString(), "before");
    assert.equal(oldDec.KeyMaterialId, original);
    const newDec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: newBlob }));
    assert.equal(newDec.KeyMaterialId, current);

    const rotations = (await suite.kms.send(new ListKeyRotationsCommand({ KeyId }))).Rotations!;
    assert.equal(rotations.length, 1);
    assert.equal(rotations[0]!.KeyMaterialId, current);
    assert.equal(rotations[0]!.RotationType, "ON_DEMAND");
    assert.equal(rotations[0]!.KeyMaterialState, "CURRENT");
    assert.ok(rotations[0]!.RotationDate instanceof Date);
    const all = (await suite.kms.send(new ListKeyRotationsCommand({ KeyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }))).Rotations!;
    assert.deepEqual(all.map((r) => [r.KeyMaterialId, r.KeyMaterialState]), [[original, "NON_CURRENT"], [current, "CURRENT"]]);
  });

  test("automatic rotation happens when the rotation date passes, and moves the next date on", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await suite.kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays: 90 }));
    const blob = (await suite.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("old") }))).CiphertextBlob!;
    const first = (await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }))).NextRotationDate!;
    suite.server.advanceDays(89);
    assert.equal((await suite.server.strongbox.runLifecycle()).rotated, 0);
    suite.server.advanceDays(1.01);
    assert.ok((await suite.server.strongbox.runLifecycle()).rotated >= 1);
    const rotations = (await suite.kms.send(new ListKeyRotationsCommand({ KeyId }))).Rotations!;
    assert.equal(rotations.length, 1);
    assert.equal(rotations[0]!.RotationType, "AUTOMATIC");
    const next = (await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId }))).NextRotationDate!;
    assert.ok(next.getTime() - first.getTime() >= 89 * DAY);
    assert.equal(Buffer.from((await suite.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "old");
  });

  test("at most 25 on-demand rotations per key", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    for (let i = 0; i < 25; i++) await suite.kms.send(new RotateKeyOnDemandCommand({ KeyId }));
    await rejectsWith(suite.kms.send(new RotateKeyOnDemandCommand({ KeyId })), "LimitExceededException", /25 on-demand rotations/);
    const page = await suite.kms.send(new ListKeyRotationsCommand({ KeyId, Limit: 10 }));
    assert.equal(page.Rotations!.length, 10);
    assert.equal(page.Truncated, true);
    const rest = await suite.kms.send(new ListKeyRotationsCommand({ KeyId, Limit: 100, Marker: page.NextMarker }));
    assert.equal(rest.Rotations!.length, 15);
    assert.equal(rest.Truncated, false);
  });

  async function status(keyId: string) {
    const { $metadata, ...rest } = await suite.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    void $metadata;
    return rest;
  }
});
