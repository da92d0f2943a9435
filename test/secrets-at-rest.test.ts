import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { assertSecretsAbsent } from "./helpers/scan.js";
import { describe, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  EncapsulateCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateRandomCommand,
} from "@aws-sdk/client-kms";
import { ADMIN, startTestServer } from "./helpers/server.js";
import { signedCall } from "./helpers/signed-fetch.js";

describe("secrets never reach disk or logs in plaintext", () => {
  test("plaintexts, data keys, data key pairs, shared secrets, random bytes and the admin secret appear in no store file and no log line", async () => {
    const server = await startTestServer({ keepDataDir: true });
    const secrets: Buffer[] = [Buffer.from(ADMIN.secretAccessKey)];
    try {
      const kms = server.kms();
      const { KeyId } = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
      for (let i = 0; i < 5; i++) {
        const plaintext = randomBytes(48);
        secrets.push(plaintext);
        const blob = (await kms.send(new EncryptCommand({ KeyId, Plaintext: plaintext, EncryptionContext: { n: String(i) } }))).CiphertextBlob!;
        await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { n: String(i) } }));
        secrets.push(Buffer.from((await kms.send(new GenerateDataKeyCommand({ KeyId, KeySpec: "AES_256" }))).Plaintext!));
        secrets.push(Buffer.from((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }))).Plaintext!));
      }
      // Data key pairs' private keys (PKCS#8, and an ML-KEM seed), ECDH and ML-KEM shared secrets.
      for (const KeyPairSpec of ["ECC_NIST_P256", "ML_KEM_768"] as const) {
        const pair = await kms.send(new GenerateDataKeyPairCommand({ KeyId, KeyPairSpec }));
        secrets.push(Buffer.from(pair.PrivateKeyPlaintext!).subarray(-32));
      }
      const agreement = (await kms.send(new CreateKeyCommand({ KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" }))).KeyMetadata!.Arn!;
      const peer = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "der", type: "spki" });
      secrets.push(Buffer.from((await kms.send(new DeriveSharedSecretCommand({ KeyId: agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: peer }))).SharedSecret!));
      const kem = (await kms.send(new CreateKeyCommand({ KeySpec: "ML_KEM_512", KeyUsage: "ENCAPSULATE_DECAPSULATE" }))).KeyMetadata!.Arn!;
      secrets.push(Buffer.from((await kms.send(new EncapsulateCommand({ KeyId: kem, EncapsulationAlgorithm: "ML_KEM" }))).SharedSecret!));
      // Failed requests too: a validation error must not echo the plaintext it refused.
      const refused = randomBytes(4100);
      secrets.push(refused.subarray(0, 64));
      const answer = await signedCall(server.url, "Encrypt", { KeyId, Plaintext: refused.toString("base64") });
      assert.equal(answer.body.__type, "ValidationException");
      assert.ok(!answer.text.includes(refused.toString("base64").slice(0, 40)));
    } finally {
      await server.strongbox.close();
    }
    assertSecretsAbsent(server, secrets);
    rmSync(server.dataDir, { recursive: true, force: true });
  });
});
