import { createCipheriv, createDecipheriv } from "node:crypto";
import type { SecretBytes } from "../secret-bytes.js";

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
export const AES_256_KEY_BYTES = 32;

export interface GcmSealed {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** AES-256-GCM encryption. The IV must be unique per key: callers pass 96 fresh random bits. */
export function gcmSeal(key: SecretBytes, iv: Buffer, plaintext: Uint8Array, aad: Uint8Array): GcmSealed {
  return key.use((k) => {
    const cipher = createCipheriv("aes-256-gcm", k, iv, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, tag: cipher.getAuthTag() };
  });
}

/**
 * AES-256-GCM decryption; returns undefined when authentication fails, so every failure cause
 * looks the same to the caller. The plaintext buffer is the caller's to wipe.
 */
export function gcmOpen(key: SecretBytes, iv: Buffer, ciphertext: Uint8Array, tag: Buffer, aad: Uint8Array): Buffer | undefined {
  if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) return undefined;
  return key.use((k) => {
    const decipher = createDecipheriv("aes-256-gcm", k, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const first = decipher.update(ciphertext);
    try {
      const last = decipher.final();
      return last.length === 0 ? first : Buffer.concat([first, last]);
    } catch {
      first.fill(0);
      return undefined;
    }
  });
}
