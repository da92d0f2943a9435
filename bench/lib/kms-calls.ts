import { presign, type Call, type Credentials, type RawRequest } from "./presign.js";
import { RawClient } from "./raw-client.js";

export const encryptCall = (keyId: string, plaintext: Buffer): Call => ({
  target: "TrentService.Encrypt",
  body: JSON.stringify({ KeyId: keyId, Plaintext: plaintext.toString("base64") }),
});

/** Decrypt naming its key as well as carrying it in the blob, as AWS recommends callers do. */
export const decryptCall = (keyId: string, ciphertextBlob: string): Call => ({
  target: "TrentService.Decrypt",
  body: JSON.stringify({ KeyId: keyId, CiphertextBlob: ciphertextBlob }),
});

/**
 * Sends each request once, in order, over one keep-alive connection, and returns each latency in
 * milliseconds. Every answer must be 200 and pass `check` (it names the right key, say): a fast
 * error must never pass for a fast Decrypt.
 */
export async function timeInSequence(client: RawClient, requests: readonly RawRequest[], check: (index: number, body: string) => boolean): Promise<number[]> {
  const latencies: number[] = [];
  for (const [index, request] of requests.entries()) {
    const answer = await client.send(request);
    if (answer.status !== 200 || !check(index, answer.body)) throw new Error(`request ${index} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    latencies.push(answer.ms);
  }
  return latencies;
}

/**
 * One ciphertext per key, made through the server's front door (Encrypt), signed and sent in
 * chunks so no signature outlives AWS's five-minute window. Returns the CiphertextBlobs (base64).
 */
export async function encryptForEach(url: string, credentials: Credentials, keyIds: readonly string[], plaintext: Buffer): Promise<string[]> {
  const client = await RawClient.open(url);
  const blobs: string[] = [];
  try {
    for (let start = 0; start < keyIds.length; start += 2_000) {
      const chunk = keyIds.slice(start, start + 2_000);
      const requests = await presign(url, chunk.map((keyId) => encryptCall(keyId, plaintext)), credentials);
      for (const request of requests) {
        const answer = await client.send(request);
        if (answer.status !== 200) throw new Error(`Encrypt answered ${answer.status}: ${answer.body.slice(0, 300)}`);
        blobs.push((JSON.parse(answer.body) as { CiphertextBlob: string }).CiphertextBlob);
      }
    }
    return blobs;
  } finally {
    client.close();
  }
}

/** True when a Decrypt answer names `keyId` and returns `plaintext`. */
export function decryptedBy(body: string, keyId: string, plaintext: Buffer): boolean {
  const parsed = JSON.parse(body) as { KeyId?: string; Plaintext?: string };
  return parsed.KeyId?.endsWith(`:key/${keyId}`) === true && parsed.Plaintext === plaintext.toString("base64");
}
