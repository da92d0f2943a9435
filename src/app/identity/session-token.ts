import { constantTimeEqual, sha256Hex } from "../../core/crypto/kdf.js";

/**
 * Session tokens are stored only as their SHA-256: the token is 128 random bytes, so the digest
 * cannot be reversed by guessing, and a copy of the database cannot be used to sign requests.
 */
export function sessionTokenHash(token: string): Buffer {
  return Buffer.from(sha256Hex(token), "hex");
}

export function sessionTokenMatches(token: string, hash: Buffer): boolean {
  return constantTimeEqual(sessionTokenHash(token), hash);
}
