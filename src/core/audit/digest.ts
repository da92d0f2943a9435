import { sha256Hex } from "../crypto/kdf.js";
import { sign, verify } from "../crypto/keys/index.js";
import type { SecretBytes } from "../secret-bytes.js";
import { encodeFields, isHexHash, isSeq } from "./encoding.js";

/**
 * A signed digest of the trail, like a CloudTrail digest file: it seals records [fromSeq, toSeq]
 * by the hash of the last one (which chains every record before it) and names the previous
 * digest's signature, so digests form a chain of their own and none can be dropped unseen.
 */
export interface AuditDigest {
  readonly fromSeq: number;
  readonly toSeq: number;
  /** The chain hash of record toSeq. */
  readonly lastHash: string;
  /** The signature of the digest before this one; null for the first. */
  readonly previousDigestSignature: string | null;
  /** When the digest was made, ISO 8601. */
  readonly time: string;
  /** Hex SHA-256 of the public key's DER (SubjectPublicKeyInfo). */
  readonly publicKeyFingerprint: string;
  /** Ed25519 (ED25519_SHA_512 over the payload), base64. */
  readonly signature: string;
}

const DIGEST_DOMAIN = "strongbox-audit-digest-v1";
const SPEC = "ECC_NIST_EDWARDS25519";
const ALGORITHM = "ED25519_SHA_512";

export function publicKeyFingerprint(publicKeyDer: Uint8Array): string {
  return sha256Hex(publicKeyDer);
}

/**
 * What is signed: field(DIGEST_DOMAIN) ‖ field(fromSeq, u64 BE) ‖ field(toSeq, u64 BE) ‖
 * field(lastHash) ‖ field(0x00 | 0x01) ‖ field(previousDigestSignature or empty) ‖ field(time) ‖
 * field(publicKeyFingerprint); each u32 BE length-prefixed, strings UTF-8. The presence byte keeps
 * a null previous signature apart from an empty one.
 */
export function digestPayload(d: Omit<AuditDigest, "signature">): Buffer {
  const hasPrevious = d.previousDigestSignature !== null;
  return encodeFields([
    DIGEST_DOMAIN,
    d.fromSeq,
    d.toSeq,
    d.lastHash,
    Uint8Array.of(hasPrevious ? 1 : 0),
    d.previousDigestSignature ?? "",
    d.time,
    d.publicKeyFingerprint,
  ]);
}

/**
 * Signs a digest with the audit signing key (Ed25519 PKCS#8, as generateKeyMaterial makes it).
 * The signature is checked against `publicKeyDer` before it is returned: a digest the stored public
 * key cannot verify would only be found out when someone needs the trail.
 */
export function signDigest(
  fields: Omit<AuditDigest, "signature" | "publicKeyFingerprint">,
  signingKey: SecretBytes,
  publicKeyDer: Buffer,
): AuditDigest {
  if (!isSeq(fields.fromSeq) || !isSeq(fields.toSeq) || fields.fromSeq > fields.toSeq) {
    throw new RangeError(`a digest covers records fromSeq..toSeq, 1 <= fromSeq <= toSeq (got ${fields.fromSeq}..${fields.toSeq})`);
  }
  if (!isHexHash(fields.lastHash)) throw new RangeError("lastHash must be 64 lowercase hex digits");
  const unsigned = {
    fromSeq: fields.fromSeq,
    toSeq: fields.toSeq,
    lastHash: fields.lastHash,
    previousDigestSignature: fields.previousDigestSignature,
    time: fields.time,
    publicKeyFingerprint: publicKeyFingerprint(publicKeyDer),
  };
  const payload = digestPayload(unsigned);
  const signature = sign(SPEC, ALGORITHM, signingKey, payload, "RAW");
  if (!verify(SPEC, ALGORITHM, publicKeyDer, payload, "RAW", signature)) {
    throw new Error("the audit signing key does not match the public key given");
  }
  return { ...unsigned, signature: signature.toString("base64") };
}

/** True when `d` is signed by the key `publicKeyDer`, which its fingerprint names. Never throws. */
export function digestSignatureValid(d: AuditDigest, publicKeyDer: Buffer): boolean {
  try {
    if (d.publicKeyFingerprint !== publicKeyFingerprint(publicKeyDer)) return false;
    if (typeof d.signature !== "string") return false;
    const signature = Buffer.from(d.signature, "base64");
    // Only the canonical base64 of the bytes: a re-encoded signature is not the one that was chained.
    if (signature.toString("base64") !== d.signature) return false;
    return verify(SPEC, ALGORITHM, publicKeyDer, digestPayload(d), "RAW", signature);
  } catch {
    return false;
  }
}
