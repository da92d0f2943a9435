import { gcmOpen, gcmSeal } from "../crypto/aes-gcm.js";
import { SecretBytes } from "../secret-bytes.js";
import { encodeCiphertextBlob, encodeCiphertextHeader, type CiphertextHeader, type ParsedCiphertext } from "./ciphertext-blob.js";
import { canonicalEncryptionContext, type EncryptionContext } from "./encryption-context.js";

/** SYMMETRIC_DEFAULT encryption: AES-256-GCM under one backing key, header and context as AAD. */
export function encryptSymmetric(
  backingKey: SecretBytes,
  header: CiphertextHeader,
  plaintext: SecretBytes,
  context: EncryptionContext,
): Buffer {
  const headerBytes = encodeCiphertextHeader(header);
  const aad = Buffer.concat([headerBytes, canonicalEncryptionContext(context)]);
  const sealed = plaintext.use((pt) => gcmSeal(backingKey, header.iv, pt, aad));
  return encodeCiphertextBlob(headerBytes, sealed.ciphertext, sealed.tag);
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
