import { createHmac, timingSafeEqual } from "node:crypto";
import type { SecretBytes } from "../../secret-bytes.js";
import { MAC_ALGORITHMS } from "./matrix.js";
import { shaOf } from "./params.js";
import { KeyOperationError, type KeySpec, type MacAlgorithm } from "./types.js";

/**
 * GenerateMac: HMAC (RFC 2104) with the spec's SHA-2 hash; the tag is the full hash output.
 * node:crypto copies the key into an Hmac object that JavaScript cannot wipe; it lives only for
 * this call.
 */
export function mac(spec: KeySpec, algorithm: MacAlgorithm, key: SecretBytes, message: Buffer): Buffer {
  if (!MAC_ALGORITHMS[spec].includes(algorithm)) {
    throw new KeyOperationError("incompatible-algorithm", `MAC algorithm ${algorithm} is not compatible with key spec ${spec}.`);
  }
  return key.use((bytes) => createHmac(shaOf(algorithm), bytes).update(message).digest());
}

/** VerifyMac: recomputes the tag and compares in constant time (the tag's length is not secret). */
export function macMatches(spec: KeySpec, algorithm: MacAlgorithm, key: SecretBytes, message: Buffer, tag: Buffer): boolean {
  const expected = mac(spec, algorithm, key, message);
  try {
    return expected.length === tag.length && timingSafeEqual(expected, tag);
  } finally {
    expected.fill(0);
  }
}
