import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { buildClient, CommitmentPolicy, KmsKeyringNode } from "@aws-crypto/client-node";
import { CreateKeyCommand, KMS, type KMSClient } from "@aws-sdk/client-kms";
import { ADMIN, REGION } from "./helpers/server.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

describe("the AWS Encryption SDK for JavaScript with a KMS keyring on Strongbox", () => {
  let server: TestServer;
  let kms: KMSClient;
  let keyArn: string;
  let sdkClient: KMS;

  before(async () => {
    server = await startTestServer();
    kms = server.kms();
    keyArn = (await kms.send(new CreateKeyCommand({ Description: "envelope" }))).KeyMetadata!.Arn!;
    sdkClient = new KMS({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
  });
  after(async () => {
    sdkClient.destroy();
    await server.close();
  });

  const keyring = () => new KmsKeyringNode({ clientProvider: () => sdkClient, generatorKeyId: keyArn });
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

  test("a 1 MiB message round-trips, with its encryption context", async () => {
    const message = randomBytes(1024 * 1024);
    const context = { tenant: "acme", purpose: "backup" };
    const { result } = await encrypt(keyring(), message, { encryptionContext: context });
    assert.ok(result.length > message.length);
    const { plaintext, messageHeader } = await decrypt(keyring(), result);
    assert.deepEqual(Buffer.from(plaintext), message);
    assert.equal(messageHeader.encryptionContext.tenant, "acme");
    assert.equal(messageHeader.encryptedDataKeys[0]!.providerInfo, keyArn);
  });

  test("decrypting with a different encryption context fails", async () => {
    const { result } = await encrypt(keyring(), Buffer.from("context bound"), { encryptionContext: { tenant: "acme" } });
    // The message carries its context in the header and the keyring hands it to KMS Decrypt as the
    // data key's encryption context. Changing it ("acme" -> "bcme") must make Strongbox refuse the data key.
    const tampered = Buffer.from(result);
    const at = tampered.indexOf(Buffer.from("acme"));
    assert.ok(at > 0);
    tampered[at] = "b".charCodeAt(0);
    await assert.rejects(decrypt(keyring(), tampered), (error: Error) => {
      assert.match(error.message, /Unable to decrypt data key/);
      assert.match(error.message, /InvalidCiphertextException/);
      return true;
    });
    const { plaintext } = await decrypt(keyring(), result);
    assert.equal(Buffer.from(plaintext).toString(), "context bound");
  });
});
