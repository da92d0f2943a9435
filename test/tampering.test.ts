import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from "@aws-sdk/client-kms";
import { serverPerSuite } from "./helpers/server.js";

describe("ciphertext tampering", () => {
  const suite = serverPerSuite();

  test("flipping any single bit anywhere in the blob, or truncating it, is InvalidCiphertextException", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const context = { bucket: "b", object: "o" };
    const blob = Buffer.from((await suite.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from("tamper-proof"), EncryptionContext: context }))).CiphertextBlob!);
    // The untouched blob decrypts, so every failure below is caused by the change alone.
    assert.equal(Buffer.from((await suite.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }))).Plaintext!).toString(), "tamper-proof");

    const outcomes = new Map<string, number>();
    const attempts: Array<Promise<void>> = [];
    const check = async (mutated: Buffer) => {
      try {
        await suite.kms.send(new DecryptCommand({ CiphertextBlob: mutated, EncryptionContext: context }));
        outcomes.set("DECRYPTED", (outcomes.get("DECRYPTED") ?? 0) + 1);
      } catch (error) {
        const name = (error as Error).name;
        outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
      }
    };
    for (let bit = 0; bit < blob.length * 8; bit++) {
      const mutated = Buffer.from(blob);
      mutated[bit >> 3]! ^= 1 << (bit & 7);
      attempts.push(check(mutated));
      if (attempts.length >= 32) await Promise.all(attempts.splice(0));
    }
    for (const length of [1, 17, 73, blob.length - 17, blob.length - 1]) attempts.push(check(blob.subarray(0, length)));
    attempts.push(check(Buffer.concat([blob, Buffer.from([0])])));
    await Promise.all(attempts);
    assert.deepEqual([...outcomes.entries()], [["InvalidCiphertextException", blob.length * 8 + 6]]);
  });
});
