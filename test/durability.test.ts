import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient, RotateKeyOnDemandCommand } from "@aws-sdk/client-kms";
import { startChildServer } from "./helpers/child-server.js";
import { ADMIN, REGION } from "./helpers/server.js";

describe("durability", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-durable-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("a key whose creation was acknowledged survives SIGKILL and still decrypts after restart", async () => {
    const dataDir = join(dir, "data");
    const first = await startChildServer(["--dev", "--data-dir", dataDir]);
    const client = (url: string) => new KMSClient({ endpoint: url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    const kms = client(first.url);
    const blobs: Array<{ blob: Uint8Array; plaintext: string }> = [];
    const keyIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { KeyId } = (await kms.send(new CreateKeyCommand({ Description: `durable ${i}` }))).KeyMetadata!;
      keyIds.push(KeyId!);
      if (i === 0) {
        await kms.send(new CreateAliasCommand({ AliasName: "alias/durable", TargetKeyId: KeyId }));
        blobs.push({ blob: (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("before rotation") }))).CiphertextBlob!, plaintext: "before rotation" });
        await kms.send(new RotateKeyOnDemandCommand({ KeyId }));
      }
      const plaintext = `secret ${i}`;
      blobs.push({ blob: (await kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from(plaintext), EncryptionContext: { i: String(i) } }))).CiphertextBlob!, plaintext });
    }
    kms.destroy();
    first.child.kill("SIGKILL");
    assert.equal(await first.exited(), null);

    const second = await startChildServer(["--dev", "--data-dir", dataDir]);
    const again = client(second.url);
    try {
      for (const [i, keyId] of keyIds.entries()) {
        const m = (await again.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
        assert.equal(m.Description, `durable ${i}`);
      }
      assert.equal((await again.send(new DescribeKeyCommand({ KeyId: "alias/durable" }))).KeyMetadata!.KeyId, keyIds[0]);
      for (const [n, { blob, plaintext }] of blobs.entries()) {
        const context: Record<string, string> = n === 0 ? {} : { i: String(n - 1) };
        const dec = await again.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
        assert.equal(Buffer.from(dec.Plaintext!).toString(), plaintext);
      }
    } finally {
      again.destroy();
      second.child.kill("SIGTERM");
      assert.equal(await second.exited(), 0);
    }
  });
});
