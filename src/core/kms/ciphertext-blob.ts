import { GCM_IV_BYTES, GCM_TAG_BYTES } from "../crypto/aes-gcm.js";
import { keyIdFromBytes, keyIdToBytes } from "./identifiers.js";

/**
 * Symmetric ciphertext blob, format version 1 (docs/formats.md):
 *
 *   offset  size  field
 *   0       1     format version, 0x01
 *   1       1     key id kind: 0x01 UUID, 0x02 multi-Region (mrk-)
 *   2       16    key id
 *   18      12    owning account id, ASCII digits
 *   30      32    key material id (the backing key that encrypted)
 *   62      12    AES-GCM IV
 *   74      n     AES-256-GCM ciphertext
 *   74+n    16    GCM tag
 *
 * The AAD is bytes 0..73 (the header) followed by the canonical encryption context, so no header
 * byte can change without the tag failing. The region is deliberately absent: a multi-Region key
 * decrypts in each Region that holds a replica.
 */
export const CIPHERTEXT_FORMAT_V1 = 0x01;
const HEADER_BYTES = 74;
export const CIPHERTEXT_OVERHEAD = HEADER_BYTES + GCM_TAG_BYTES;
export const KEY_MATERIAL_ID_BYTES = 32;

export interface CiphertextHeader {
  readonly keyId: string;
  readonly accountId: string;
  readonly keyMaterialId: string;
  readonly iv: Buffer;
}

export interface ParsedCiphertext extends CiphertextHeader {
  readonly header: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export function encodeCiphertextHeader(header: CiphertextHeader): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  const id = keyIdToBytes(header.keyId);
  out[0] = CIPHERTEXT_FORMAT_V1;
  out[1] = id.kind;
  id.bytes.copy(out, 2);
  if (!/^\d{12}$/.test(header.accountId)) throw new TypeError("account id must be 12 digits");
  out.write(header.accountId, 18, "ascii");
  const material = Buffer.from(header.keyMaterialId, "hex");
  if (material.length !== KEY_MATERIAL_ID_BYTES) throw new TypeError("key material id must be 32 bytes");
  material.copy(out, 30);
  if (header.iv.length !== GCM_IV_BYTES) throw new TypeError("IV must be 12 bytes");
  header.iv.copy(out, 62);
  return out;
}

export function encodeCiphertextBlob(header: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  return Buffer.concat([header, ciphertext, tag]);
}

/** Splits a blob into its parts, or returns undefined when it cannot be one of ours. */
export function parseCiphertextBlob(blob: Buffer): ParsedCiphertext | undefined {
  if (blob.length < CIPHERTEXT_OVERHEAD || blob[0] !== CIPHERTEXT_FORMAT_V1) return undefined;
  const keyId = keyIdFromBytes(blob[1]!, blob.subarray(2, 18));
  const accountId = blob.toString("ascii", 18, 30);
  if (keyId === undefined || !/^\d{12}$/.test(accountId)) return undefined;
  return {
    keyId,
    accountId,
    keyMaterialId: blob.toString("hex", 30, 62),
    iv: blob.subarray(62, 74),
    header: blob.subarray(0, HEADER_BYTES),
    ciphertext: blob.subarray(HEADER_BYTES, blob.length - GCM_TAG_BYTES),
    tag: blob.subarray(blob.length - GCM_TAG_BYTES),
  };
}
