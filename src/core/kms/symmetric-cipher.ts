import { gcmOpen, gcmSeal } from "../crypto/aes-gcm.js";
import { SecretBytes } from "../secret-bytes.js";
import { encodeCiphertextBlob, encodeCiphertextHeader, type CiphertextHeader, type ParsedCiphertext } from "./ciphertext-blob.js";
import { canonicalEncryptionContext, type EncryptionContext } from "./encryption-context.js";

/** AES-256-GCM computed elsewhere (inside an HSM): same IV, AAD and tag as gcmSeal. */
export type GcmSealer = (iv: Buffer, plaintext: SecretBytes, aad: Buffer) => { ciphertext: Buffer; tag: Buffer };
/** AES-256-GCM decryption computed elsewhere; undefined when the tag does not verify. */
export type GcmOpener = (iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer) => SecretBytes | undefined;

/** SYMMETRIC_DEFAULT encryption: AES-256-GCM under one backing key, header and context as AAD. */
export function encryptSymmetric(
  backingKey: SecretBytes,
  header: CiphertextHeader,
  plaintext: SecretBytes,
  context: EncryptionContext,
): Buffer {
  return encryptSymmetricWith((iv, pt, aad) => pt.use((bytes) => gcmSeal(backingKey, iv, bytes, aad)), header, plaintext, context);
}

/**
 * The same blob, with the AES-GCM done by `seal` (a key in an HSM): only where the cipher runs
 * differs, so a ciphertext of a custom key store's key is an ordinary format-1 blob.
 */
export function encryptSymmetricWith(seal: GcmSealer, header: CiphertextHeader, plaintext: SecretBytes, context: EncryptionContext): Buffer {
  const headerBytes = encodeCiphertextHeader(header);
  const aad = Buffer.concat([headerBytes, canonicalEncryptionContext(context)]);
  const sealed = seal(header.iv, plaintext, aad);
  return encodeCiphertextBlob(headerBytes, sealed.ciphertext, sealed.tag);
}

/** Opens a blob with the AES-GCM done by `open`; undefined when the blob, key or context is not the one used. */
export function decryptSymmetricWith(open: GcmOpener, parsed: ParsedCiphertext, context: EncryptionContext): SecretBytes | undefined {
  const aad = Buffer.concat([parsed.header, canonicalEncryptionContext(context)]);
  return open(parsed.iv, parsed.ciphertext, parsed.tag, aad);
}

/** Returns the plaintext, or undefined if the blob, the key or the context is not the one used. */
export function decryptSymmetric(
  backingKey: SecretBytes,
  parsed: ParsedCiphertext,
  context: EncryptionContext,
): SecretBytes | undefined {
  const aad = Buffer.concat([parsed.header, canonicalEncryptionContext(context)]);
  const plaintext = gcmOpen(backingKey, parsed.iv, parsed.ciphertext, parsed.tag, aad);
  return plaintext === undefined ? undefined : SecretBytes.adopt(plaintext);
}
