import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListKeyRotationsCommand,
  PutKeyPolicyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { createExternalKey, decryptBlobIndependently, importMaterial, nodeWrap } from "./helpers/byok.js";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

const DAY = 86_400_000;

/** The life of imported material: errors of the import, deletion, expiry, re-import, policy conditions, audit. */
describe("imported key material: errors, deletion, expiry and re-import", () => {
  let server: TestServer;
  let kms: KMSClient;
  let cloudtrail: CloudTrailClient;
  /** Everything secret this suite handled: none of it may reach the store, the logs or the trail. */
  const secrets: Buffer[] = [];
  before(async () => {
    server = await startTestServer({ keepDataDir: true });
    kms = server.kms();
    cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
  });
  after(async () => {
    cloudtrail.destroy();
    await server.close();
  });

  const material = () => {
    const bytes = randomBytes(32);
    secrets.push(bytes);
    return bytes;
  };
  const parameters = (KeyId: string) => kms.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }));
  const state = async (KeyId: string) => (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
  const events = async (name: string) => {
    cloudtrail.config.systemClockOffset = server.clock.offsetMs;
    return (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] }))).Events!.map(
      (e) => JSON.parse(e.CloudTrailEvent!) as Record<string, unknown> & { resources?: { ARN: string }[]; requestParameters: Record<string, unknown> | null },
    );
  };

  test("import tokens: bound to their key (InvalidImportTokenException), valid 24 hours (ExpiredImportTokenException)", async () => {
    const a = await createExternalKey(kms);
    const b = await createExternalKey(kms);
    const forA = await parameters(a);
    assert.equal(forA.KeyId, a);
    const validFor = forA.ParametersValidTo!.getTime() - Date.now() - server.clock.offsetMs;
    assert.ok(Math.abs(validFor - DAY) < 60_000, `ParametersValidTo is 24 hours away (${validFor} ms)`);
    const wrapped = nodeWrap(forA.PublicKey!, "RSAES_OAEP_SHA_256", material());
    const importInto = (KeyId: string, ImportToken: Uint8Array, EncryptedKeyMaterial: Uint8Array = wrapped) =>
      kms.send(new ImportKeyMaterialCommand({ KeyId, ImportToken, EncryptedKeyMaterial, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }));
    await rejectsWith(importInto(b, forA.ImportToken!), "InvalidImportTokenException", new RegExp(`not valid for ${b}`));
    const forged = Buffer.from(forA.ImportToken!);
    forged[forged.length - 1]! ^= 1;
    await rejectsWith(importInto(a, forged), "InvalidImportTokenException");
    await rejectsWith(importInto(a, forA.ImportToken!, randomBytes(256)), "InvalidCiphertextException");
    server.advanceDays(1.01);
    await rejectsWith(importInto(a, forA.ImportToken!), "ExpiredImportTokenException", /expired at/);
    assert.equal((await state(a)).KeyState, "PendingImport");
  });

  test("the first import fixes the material: different material later is IncorrectKeyMaterialException; the same may change the expiration", async () => {
    const arn = await createExternalKey(kms);
    const original = material();
    const id = await importMaterial(kms, arn, original);
    await rejectsWith(importMaterial(kms, arn, material()), "IncorrectKeyMaterialException", /not the key material previously imported/);
    const validTo = new Date(Date.now() + server.clock.offsetMs + 10 * DAY);
    assert.equal(await importMaterial(kms, arn, original, { validTo }), id);
    const metadata = await state(arn);
    assert.equal(metadata.ExpirationModel, "KEY_MATERIAL_EXPIRES");
    assert.equal(metadata.ValidTo!.getTime(), validTo.getTime());
    await rejectsWith(importMaterial(kms, arn, original, { expirationModel: "KEY_MATERIAL_EXPIRES" }), "ValidationException", /ValidTo is required/);
    await rejectsWith(importMaterial(kms, arn, original, { validTo: new Date(Date.now() + server.clock.offsetMs + 366 * DAY) }), "ValidationException", /at most 365 days/);
    await rejectsWith(
      importMaterial(kms, arn, original, { expirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE", validTo: new Date(Date.now() + server.clock.offsetMs + DAY) }),
      "ValidationException",
      /must not be specified/,
    );
  });

  test("operations that need an EXTERNAL key refuse AWS_KMS keys; EXTERNAL is refused for specs AWS does not import", async () => {
    const { Arn } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejectsWith(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: Arn })), "UnsupportedOperationException", `${Arn} origin is AWS_KMS which is not valid for this operation.`);
    await rejectsWith(parameters(Arn!), "UnsupportedOperationException");
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "EXTERNAL", KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY" })), "UnsupportedOperationException", /ML_DSA_65 does not support imported key material/);
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "EXTERNAL_KEY_STORE" })), "UnsupportedOperationException");
    const external = await createExternalKey(kms);
    await rejectsWith(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: external, KeyMaterialId: "abc" })), "ValidationException", /at 'keyMaterialId' failed to satisfy constraint: Member must have length greater than or equal to 64/);
    const token = (await parameters(external)).ImportToken!;
    await rejectsWith(
      kms.send(new ImportKeyMaterialCommand({ KeyId: external, ImportToken: token, EncryptedKeyMaterial: Buffer.alloc(256), KeyMaterialDescription: "not <this>" })),
      "ValidationException",
      /at 'keyMaterialDescription' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    for (const [WrappingAlgorithm, WrappingKeySpec] of [["RSAES_PKCS1_V1_5", "RSA_2048"], ["SM2PKE", "RSA_2048"], ["RSAES_OAEP_SHA_256", "SM2"]] as const) {
      await rejectsWith(kms.send(new GetParametersForImportCommand({ KeyId: external, WrappingAlgorithm, WrappingKeySpec })), "ValidationException");
    }
  });

  test("DeleteImportedKeyMaterial: PendingImport at once, ciphertexts undecryptable until the same material is imported again", async () => {
    const arn = await createExternalKey(kms);
    const key = material();
    const id = await importMaterial(kms, arn, key);
    const blob = (await kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("kept") }))).CiphertextBlob!;
    await kms.send(new DisableKeyCommand({ KeyId: arn }));
    const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: arn }));
    assert.deepEqual([deleted.KeyId, deleted.KeyMaterialId], [arn, id]);
    assert.equal((await state(arn)).KeyState, "PendingImport");
    assert.equal((await state(arn)).CurrentKeyMaterialId, id, "the id stays: only that material can come back");
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), "KMSInvalidStateException", `${arn} is pending import.`);
    await rejectsWith(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: arn })), "KMSInvalidStateException", /no imported key material/);
    await rejectsWith(importMaterial(kms, arn, material()), "IncorrectKeyMaterialException");
    await importMaterial(kms, arn, key);
    assert.equal((await state(arn)).KeyState, "Enabled");
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "kept");
    // Pending deletion: the material can go, the state stays; a cancelled deletion brings it back PendingImport.
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 }));
    await rejectsWith(importMaterial(kms, arn, key), "KMSInvalidStateException", `${arn} is pending deletion.`);
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: arn, KeyMaterialId: id }));
    assert.equal((await state(arn)).KeyState, "PendingDeletion");
    await kms.send(new CancelKeyDeletionCommand({ KeyId: arn }));
    assert.equal((await state(arn)).KeyState, "PendingImport");
  });

  test("expiry: the lifecycle sweep deletes material past its ValidTo (DeleteExpiredKeyMaterial); the same material brings the key back", async () => {
    const arn = await createExternalKey(kms);
    const key = material();
    const keyMaterialId = await importMaterial(kms, arn, key, { validTo: new Date(Date.now() + server.clock.offsetMs + 2 * DAY) });
    const blob = (await kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("outlives its key material") }))).CiphertextBlob!;
    assert.equal((await server.strongbox.runLifecycle()).expired, 0);
    server.advanceDays(2.5);
    assert.ok((await server.strongbox.runLifecycle()).expired >= 1);
    const metadata = await state(arn);
    assert.equal(metadata.KeyState, "PendingImport");
    assert.equal(metadata.ValidTo, undefined);
    const listed = (await kms.send(new ListKeyRotationsCommand({ KeyId: arn, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }))).Rotations!;
    assert.deepEqual(listed, [{ KeyId: arn, KeyMaterialId: keyMaterialId, ImportState: "PENDING_IMPORT", KeyMaterialState: "CURRENT", ExpirationModel: "KEY_MATERIAL_EXPIRES" }]);
    assert.deepEqual((await kms.send(new ListKeyRotationsCommand({ KeyId: arn }))).Rotations, []);
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), "KMSInvalidStateException");
    const [event] = (await events("DeleteExpiredKeyMaterial")).filter((e) => e.resources?.[0]?.ARN === arn);
    assert.ok(event, "the trail has the service event");
    assert.equal(event.eventSource, "kms.amazonaws.com");
    assert.equal(event.eventType, "AwsServiceEvent");
    assert.deepEqual(event.serviceEventDetails, { keyId: arn, keyMaterialId });
    await importMaterial(kms, arn, key);
    assert.equal((await state(arn)).KeyState, "Enabled");
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "outlives its key material");
  });

  test("rotation of imported material: NEW_KEY_MATERIAL waits PENDING_ROTATION, RotateKeyOnDemand makes it current, every material must be present", async () => {
    const arn = await createExternalKey(kms);
    const [first, second] = [material(), material()];
    const firstId = await importMaterial(kms, arn, first);
    const before = (await kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("under the first") }))).CiphertextBlob!;
    await rejectsWith(kms.send(new RotateKeyOnDemandCommand({ KeyId: arn })), "KMSInvalidStateException", /no imported key material pending rotation/);
    const params = await parameters(arn);
    const secondId = (
      await kms.send(
        new ImportKeyMaterialCommand({
          KeyId: arn,
          ImportToken: params.ImportToken,
          EncryptedKeyMaterial: nodeWrap(params.PublicKey!, "RSAES_OAEP_SHA_256", second),
          ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
          ImportType: "NEW_KEY_MATERIAL",
          KeyMaterialDescription: "2027 key ceremony",
        }),
      )
    ).KeyMaterialId!;
    assert.notEqual(secondId, firstId);
    const all = async () => (await kms.send(new ListKeyRotationsCommand({ KeyId: arn, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }))).Rotations!;
    assert.deepEqual((await all()).map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState, r.KeyMaterialDescription]), [
      [firstId, "CURRENT", "IMPORTED", undefined],
      [secondId, "PENDING_ROTATION", "IMPORTED", "2027 key ceremony"],
    ]);
    assert.deepEqual((await kms.send(new ListKeyRotationsCommand({ KeyId: arn }))).Rotations, []);
    assert.equal((await state(arn)).CurrentKeyMaterialId, firstId);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: arn }));
    assert.equal((await state(arn)).CurrentKeyMaterialId, secondId);
    const rotations = (await kms.send(new ListKeyRotationsCommand({ KeyId: arn }))).Rotations!;
    assert.deepEqual(rotations.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.RotationType]), [[secondId, "CURRENT", "ON_DEMAND"]]);
    const after = (await kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("under the second") }))).CiphertextBlob!;
    assert.equal(decryptBlobIndependently(after, second).plaintext.toString(), "under the second");
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext!).toString(), "under the first");
    // The first material deleted: the key is PendingImport although its current material is present.
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: arn, KeyMaterialId: firstId }));
    assert.equal((await state(arn)).KeyState, "PendingImport");
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("x") })), "KMSInvalidStateException");
    assert.equal(await importMaterial(kms, arn, first), firstId);
    assert.equal((await state(arn)).KeyState, "Enabled");
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: before }))).Plaintext!).toString(), "under the first");
  });

  test("key policy conditions: kms:WrappingKeySpec, kms:WrappingAlgorithm, kms:ExpirationModel, kms:ValidTo", async () => {
    const arn = await createExternalKey(kms);
    const policy = {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
        { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:GetParametersForImport", Resource: "*", Condition: { StringEquals: { "kms:WrappingKeySpec": "RSA_2048", "kms:WrappingAlgorithm": "RSAES_OAEP_SHA_1" } } },
        { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:ImportKeyMaterial", Resource: "*", Condition: { StringEquals: { "kms:ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE" } } },
        { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:ImportKeyMaterial", Resource: "*", Condition: { NumericGreaterThan: { "kms:ValidTo": String(Math.floor((Date.now() + server.clock.offsetMs) / 1000) + 30 * 86_400) } } },
      ],
    };
    await kms.send(new PutKeyPolicyCommand({ KeyId: arn, Policy: JSON.stringify(policy) }));
    await rejectsWith(kms.send(new GetParametersForImportCommand({ KeyId: arn, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_2048" })), "AccessDeniedException", /kms:GetParametersForImport/);
    const key = material();
    await rejectsWith(importMaterial(kms, arn, key, { spec: "RSA_3072" }), "AccessDeniedException", /kms:ImportKeyMaterial/);
    await rejectsWith(importMaterial(kms, arn, key, { spec: "RSA_3072", validTo: new Date(Date.now() + server.clock.offsetMs + 60 * DAY) }), "AccessDeniedException");
    await importMaterial(kms, arn, key, { spec: "RSA_3072", validTo: new Date(Date.now() + server.clock.offsetMs + 10 * DAY) });
  });

  test("the trail records the import operations with their parameters, never the token or the material; nothing secret reaches the store or the logs", async () => {
    const [imported] = await events("ImportKeyMaterial");
    assert.ok(imported);
    assert.ok(imported.requestParameters !== null);
    assert.equal(typeof imported.requestParameters.keyId, "string");
    assert.ok(["KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"].includes(imported.requestParameters.expirationModel as string));
    assert.equal(imported.requestParameters.importToken, undefined);
    assert.equal(imported.requestParameters.encryptedKeyMaterial, undefined);
    const [issued] = await events("GetParametersForImport");
    assert.deepEqual(Object.keys(issued!.requestParameters!).sort(), ["keyId", "wrappingAlgorithm", "wrappingKeySpec"]);
    assert.equal(issued!.responseElements, null);
    assert.ok((await events("DeleteImportedKeyMaterial")).length >= 2);
    await server.strongbox.close();
    const dataDir = join(server.dataDir, "data");
    const stored = readdirSync(dataDir).filter((name) => name !== "dev-root-key.json").map((name) => readFileSync(join(dataDir, name)));
    const logs = Buffer.from(server.logs());
    assert.ok(secrets.length >= 7);
    for (const secret of secrets) {
      for (const form of [secret, Buffer.from(secret.toString("base64")), Buffer.from(secret.toString("hex"))]) {
        for (const bytes of [...stored, logs]) assert.ok(!bytes.includes(form), "an imported key reached the store or the logs in the clear");
      }
    }
  });
});
