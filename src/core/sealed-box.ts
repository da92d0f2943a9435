import { GCM_IV_BYTES, GCM_TAG_BYTES, gcmOpen, gcmSeal } from "./crypto/aes-gcm.js";
import { SecretBytes } from "./secret-bytes.js";

/**
 * Sealed box, format version 1 (docs/formats.md): how Strongbox stores a secret under one of its
 * own keys (the barrier key, or a software root key).
 *
 *   offset  size  field
 *   0       1     format version, 0x01
 *   1       4     version of the wrapping key (barrier term), big-endian
 *   5       12    AES-GCM IV
 *   17      n     AES-256-GCM ciphertext
 *   17+n    16    GCM tag
 *
 * AAD = bytes 0..16 followed by the UTF-8 identity of the record (table, id, version), so a value
 * copied into another row does not open.
 */
const FORMAT_V1 = 0x01;
const HEADER_BYTES = 1 + 4 + GCM_IV_BYTES;

export function sealBox(key: SecretBytes, keyVersion: number, iv: Buffer, plaintext: SecretBytes, identity: string): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = FORMAT_V1;
  header.writeUInt32BE(keyVersion, 1);
  iv.copy(header, 5);
  const aad = Buffer.concat([header, Buffer.from(identity, "utf8")]);
  const sealed = plaintext.use((pt) => gcmSeal(key, iv, pt, aad));
  return Buffer.concat([header, sealed.ciphertext, sealed.tag]);
}

/** The version of the key a box needs, or undefined if the bytes are not a box. */
export function sealedBoxKeyVersion(box: Buffer): number | undefined {
  if (box.length < HEADER_BYTES + GCM_TAG_BYTES || box[0] !== FORMAT_V1) return undefined;
  return box.readUInt32BE(1);
}

export function openBox(key: SecretBytes, box: Buffer, identity: string): SecretBytes | undefined {
  if (sealedBoxKeyVersion(box) === undefined) return undefined;
  const header = box.subarray(0, HEADER_BYTES);
  const aad = Buffer.concat([header, Buffer.from(identity, "utf8")]);
  const plaintext = gcmOpen(key, box.subarray(5, HEADER_BYTES), box.subarray(HEADER_BYTES, box.length - GCM_TAG_BYTES), box.subarray(box.length - GCM_TAG_BYTES), aad);
  return plaintext === undefined ? undefined : SecretBytes.adopt(plaintext);
}
