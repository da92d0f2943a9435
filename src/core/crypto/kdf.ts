import { scrypt, timingSafeEqual, createHmac, hash } from "node:crypto";
import { SecretBytes } from "../secret-bytes.js";

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Operator passphrase → 256-bit key-encryption key. scrypt resists guessing with memory cost. */
export function scryptKey(passphrase: Buffer, salt: Buffer, params: ScryptParams): Promise<SecretBytes> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) => {
      if (err) reject(err);
      else resolve(SecretBytes.adopt(key));
    });
  });
}

export function hmacSha256(key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot (Node 20.12+): no Hash object per call; SigV4 hashes twice per request.
  return hash("sha256", data, "hex");
}

/**
 * Whether a presented token is the expected one, in constant time whatever their lengths: the
 * SHA-256 digests are compared, so neither the length nor a prefix of the expected token leaks.
 */
export function sameToken(presented: string, expected: string): boolean {
  return timingSafeEqual(hash("sha256", presented, "buffer"), hash("sha256", expected, "buffer"));
}

/** Constant-time equality of two byte strings (lengths are not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
