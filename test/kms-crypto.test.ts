import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { randomBytes } from "node:crypto";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { ACCOUNT, REGION, serverPerSuite } from "./helpers/server.js";

describe("KMS cryptographic operations", () => {
  const suite = serverPerSuite();
  let keyId: string;
  let keyArn: string;

  before(async () => {
    const created = await suite.kms.send(new CreateKeyCommand({}));
    keyId = created.KeyMetadata!.KeyId!;
    keyArn = created.KeyMetadata!.Arn!;
  });

  test("Encrypt then Decrypt returns the plaintext, the key ARN and the key material id", async () => {
    const plaintext = randomBytes(300);
    const enc = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: "test", tenant: "a" } }));
    assert.equal(enc.KeyId, keyArn);
    assert.equal(enc.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
    const dec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { tenant: "a", purpose: "test" } }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), plaintext);
    assert.equal(dec.KeyId, keyArn);
    assert.equal(dec.EncryptionAlgorithm, "SYMMETRIC_DEFAULT");
    assert.match(dec.KeyMaterialId!, /^[0-9a-f]{64}$/);
  });

  test("the same plaintext encrypts differently each time", async () => {
    const a = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }));
    const b = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }));
    assert.notDeepEqual(Buffer.from(a.CiphertextBlob!), Buffer.from(b.CiphertextBlob!));
  });

  test("a different, missing or extra encryption context is InvalidCiphertextException", async () => {
    const enc = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("secret"), EncryptionContext: { a: "1" } }));
    const blob = enc.CiphertextBlob!;
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: blob })), "InvalidCiphertextException");
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { a: "2" } })), "InvalidCiphertextException");
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { A: "1" } })), "InvalidCiphertextException");
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { a: "1", b: "2" } })), "InvalidCiphertextException");
  });

  test("context keys that are special to JavaScript (__proto__, constructor, toString) are bound like any other", async () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const encrypted = await signedCall(suite.server.url, "Encrypt", `{"KeyId":"${keyId}","Plaintext":"c2VjcmV0","EncryptionContext":{"${name}":"tenant-A"}}`);
      assert.equal(encrypted.status, 200, encrypted.text);
      const blob = String(encrypted.body.CiphertextBlob);
      const attempt = (context: string) => signedCall(suite.server.url, "Decrypt", `{"CiphertextBlob":"${blob}","EncryptionContext":${context}}`);
      assert.equal((await attempt(`{"${name}":"tenant-A"}`)).body.Plaintext, "c2VjcmV0", name);
      for (const wrong of [`{"${name}":"tenant-B"}`, "{}", `{"${name}":"tenant-A","x":"y"}`]) {
        assert.equal((await attempt(wrong)).body.__type, "InvalidCiphertextException", `${name}: ${wrong}`);
      }
      assert.equal((await attempt(`{"${name}":null}`)).body.__type, "SerializationException", "a null context value is refused, not dropped");
    }
  });

  test("keys are named by id, ARN, alias name and alias ARN", async () => {
    await suite.kms.send(new CreateAliasCommand({ AliasName: "alias/crypto-names", TargetKeyId: keyId }));
    for (const name of [keyId, keyArn, "alias/crypto-names", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/crypto-names`]) {
      const enc = await suite.kms.send(new EncryptCommand({ KeyId: name, Plaintext: Buffer.from("n") }));
      assert.equal(enc.KeyId, keyArn, name);
    }
  });

  test("Decrypt with the right KeyId works; with another key it is IncorrectKeyException", async () => {
    const other = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const enc = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("k") }));
    const dec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: keyArn }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), "k");
    await rejectsWith(
      suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: other })),
      "IncorrectKeyException",
      "The key ID in the request does not identify a CMK that can perform this operation.",
    );
  });

  test("plaintext limits: 1 to 4096 bytes", async () => {
    await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: randomBytes(4096) }));
    await rejectsWith(
      suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: randomBytes(4097) })),
      "ValidationException",
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(0) })), "ValidationException", /Member must have length greater than or equal to 1/);
  });

  test("GenerateDataKey: AES_256, AES_128, NumberOfBytes; the data key decrypts back", async () => {
    for (const [request, size] of [[{ KeySpec: "AES_256" as const }, 32], [{ KeySpec: "AES_128" as const }, 16], [{ NumberOfBytes: 1 }, 1], [{ NumberOfBytes: 1024 }, 1024]] as const) {
      const dk = await suite.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, ...request, EncryptionContext: { use: "dk" } }));
      assert.equal(dk.Plaintext!.length, size);
      assert.equal(dk.KeyId, keyArn);
      assert.match(dk.KeyMaterialId!, /^[0-9a-f]{64}$/);
      const dec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { use: "dk" } }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(dk.Plaintext!));
    }
  });

  test("GenerateDataKey needs exactly one of KeySpec and NumberOfBytes", async () => {
    const message = "Please specify either number of bytes or key spec.";
    await rejectsWith(suite.kms.send(new GenerateDataKeyCommand({ KeyId: keyId })), "ValidationException", message);
    await rejectsWith(suite.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", NumberOfBytes: 32 })), "ValidationException", message);
    await rejectsWith(suite.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId })), "ValidationException", message);
    await rejectsWith(suite.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1025 })), "ValidationException", /Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024/);
  });

  test("GenerateDataKeyWithoutPlaintext returns only a ciphertext that decrypts to a key of that size", async () => {
    const dk = await suite.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: "AES_128" }));
    assert.equal((dk as { Plaintext?: unknown }).Plaintext, undefined);
    const dec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }));
    assert.equal(dec.Plaintext!.length, 16);
  });

  test("GenerateRandom returns 1 to 1024 random bytes", async () => {
    const a = await suite.kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    const b = await suite.kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }));
    assert.equal(a.Plaintext!.length, 1024);
    assert.notDeepEqual(Buffer.from(a.Plaintext!), Buffer.from(b.Plaintext!));
    await rejectsWith(suite.kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })), "ValidationException", /Value '0' at 'numberOfBytes'.*greater than or equal to 1/);
    await rejectsWith(suite.kms.send(new GenerateRandomCommand({})), "ValidationException", "NumberOfBytes is required.");
  });

  test("ReEncrypt moves a ciphertext to another key and context without exposing it", async () => {
    const destination = await suite.kms.send(new CreateKeyCommand({}));
    const enc = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("move me"), EncryptionContext: { from: "a" } }));
    const re = await suite.kms.send(
      new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { from: "a" }, DestinationKeyId: destination.KeyMetadata!.KeyId, DestinationEncryptionContext: { to: "b" } }),
    );
    assert.equal(re.SourceKeyId, keyArn);
    assert.equal(re.KeyId, destination.KeyMetadata!.Arn);
    assert.match(re.SourceKeyMaterialId!, /^[0-9a-f]{64}$/);
    assert.match(re.DestinationKeyMaterialId!, /^[0-9a-f]{64}$/);
    const dec = await suite.kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { to: "b" } }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), "move me");
    assert.equal(dec.KeyId, destination.KeyMetadata!.Arn);
    await rejectsWith(
      suite.kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { from: "x" }, DestinationKeyId: keyId })),
      "InvalidCiphertextException",
    );
  });

  test("disabled keys refuse cryptography with DisabledException; keys pending deletion with KMSInvalidStateException", async () => {
    const disabled = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const enc = await suite.kms.send(new EncryptCommand({ KeyId: disabled.KeyId, Plaintext: Buffer.from("d") }));
    await suite.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: disabled.KeyId, Plaintext: Buffer.from("d") })), "DisabledException", `${disabled.Arn} is disabled.`);
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })), "DisabledException", `${disabled.Arn} is disabled.`);
    await rejectsWith(suite.kms.send(new GenerateDataKeyCommand({ KeyId: disabled.KeyId, KeySpec: "AES_256" })), "DisabledException");

    const pending = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId: pending.KeyId, PendingWindowInDays: 7 }));
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: pending.KeyId, Plaintext: Buffer.from("p") })), "KMSInvalidStateException", `${pending.Arn} is pending deletion.`);
  });

  test("unknown keys and aliases are NotFoundException with AWS's wording", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: missing, Plaintext: Buffer.from("x") })), "NotFoundException", `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/${missing}' does not exist`);
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: "alias/nope", Plaintext: Buffer.from("x") })), "NotFoundException", `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/nope is not found.`);
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: "not-a-key", Plaintext: Buffer.from("x") })), "NotFoundException", "Invalid keyId 'not-a-key'");
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId}`, Plaintext: Buffer.from("x") })), "NotFoundException", "Invalid arn eu-west-1");
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: `arn:aws-cn:kms:${REGION}:${ACCOUNT}:key/${keyId}`, Plaintext: Buffer.from("x") })), "NotFoundException", /Invalid keyId/);
  });

  test("a non-default encryption algorithm is InvalidKeyUsageException for a symmetric key", async () => {
    await rejectsWith(
      suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })),
      "InvalidKeyUsageException",
      "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.",
    );
  });

  test("DryRun answers DryRunOperationException (HTTP 412) and does nothing", async () => {
    const e = await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), DryRun: true })), "DryRunOperationException");
    assert.equal(e.$metadata?.httpStatusCode, 412);
    const enc = await suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }));
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, DryRun: true })), "DryRunOperationException");
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { wrong: "1" }, DryRun: true })), "InvalidCiphertextException");
    // IGNORE_CIPHERTEXT checks only the key named by KeyId: the blob may be junk or absent.
    for (const CiphertextBlob of [Buffer.from("junk"), undefined]) {
      await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob, KeyId: keyId, DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"] })), "DryRunOperationException");
    }
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"] })), "ValidationException", /KeyId is required/);
    await rejectsWith(suite.kms.send(new DecryptCommand({})), "ValidationException", /Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null/);
    await rejectsWith(suite.kms.send(new ReEncryptCommand({ SourceKeyId: keyId, DestinationKeyId: keyId, DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"] })), "DryRunOperationException");
    await rejectsWith(suite.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", DryRun: true })), "DryRunOperationException");
    // A DryRun on a request that would fail reports the failure, not DryRunOperation.
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: "alias/missing", Plaintext: Buffer.from("x"), DryRun: true })), "NotFoundException");
  });

  test("grant tokens are validated: none can be valid before grants exist", async () => {
    await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), GrantTokens: ["some-token"] })), "InvalidGrantTokenException");
    await rejectsWith(
      suite.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), GrantTokens: Array.from({ length: 11 }, () => "t") })),
      "ValidationException",
      /at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10/,
    );
  });
});
