import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, ListKeysCommand } from "@aws-sdk/client-kms";
import { ACCOUNT, REGION, startTestServer } from "../../test/helpers/server.js";
import { seedKeys } from "./seed-keys.js";

test("seeded keys are real keys: listed, described, each decrypting its own ciphertexts and refusing another's", async () => {
  // A data dir initialised by a --dev server, then seeded while no server has it open.
  const first = await startTestServer({ keepDataDir: true });
  await first.close();
  const seeded = await seedKeys({ dataDir: join(first.dataDir, "data"), count: 4, accountId: ACCOUNT, region: REGION, batch: 3 });
  assert.equal(new Set(seeded.keyIds).size, 4);

  const server = await startTestServer({ dataDir: first.dataDir });
  try {
    const kms = server.kms();
    const listed = (await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId);
    assert.deepEqual(listed.sort(), [...seeded.keyIds].sort());
    const plaintext = Buffer.from("scale bench");
    const blobs: Uint8Array[] = [];
    for (const keyId of seeded.keyIds) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      assert.equal(KeyMetadata!.KeyState, "Enabled");
      assert.equal(KeyMetadata!.KeySpec, "SYMMETRIC_DEFAULT");
      const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }))).CiphertextBlob!;
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
      assert.equal(decrypted.KeyId, KeyMetadata!.Arn);
      assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
      blobs.push(blob);
    }
    await assert.rejects(kms.send(new DecryptCommand({ CiphertextBlob: blobs[0], KeyId: seeded.keyIds[1] })), { name: "IncorrectKeyException" });
  } finally {
    await server.close();
  }
});
