import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { ml_kem512, ml_kem768, ml_kem1024 } from "@noble/post-quantum/ml-kem.js";
import type { SecretBytes } from "../../secret-bytes.js";
import { OID, readChildren, readOnly, TAG } from "./der.js";
import { KeyOperationError, type KeySpec } from "./types.js";

// Per-spec parameters, and the one place private keys become node:crypto KeyObjects.

export const RSA_BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 } as const;
export type RsaSpec = keyof typeof RSA_BITS;

export const EC_CURVES = {
  ECC_NIST_P256: { nodeCurve: "prime256v1", oid: OID.P256, noble: p256 },
  ECC_NIST_P384: { nodeCurve: "secp384r1", oid: OID.P384, noble: p384 },
  ECC_NIST_P521: { nodeCurve: "secp521r1", oid: OID.P521, noble: p521 },
  ECC_SECG_P256K1: { nodeCurve: "secp256k1", oid: OID.SECP256K1, noble: secp256k1 },
} as const;
export type EcSpec = keyof typeof EC_CURVES;

/** ML-DSA private keys are stored as their 32-byte FIPS 204 seed ξ. */
export const ML_DSA = {
  ML_DSA_44: { oid: OID.ML_DSA_44, impl: ml_dsa44 },
  ML_DSA_65: { oid: OID.ML_DSA_65, impl: ml_dsa65 },
  ML_DSA_87: { oid: OID.ML_DSA_87, impl: ml_dsa87 },
} as const;
export type MlDsaSpec = keyof typeof ML_DSA;
export const ML_DSA_SEED_BYTES = 32;

/** ML-KEM private keys are stored as their 64-byte FIPS 203 seed d ‖ z. */
export const ML_KEM = {
  ML_KEM_512: { oid: OID.ML_KEM_512, impl: ml_kem512 },
  ML_KEM_768: { oid: OID.ML_KEM_768, impl: ml_kem768 },
  ML_KEM_1024: { oid: OID.ML_KEM_1024, impl: ml_kem1024 },
} as const;
export type MlKemSpec = keyof typeof ML_KEM;
export const ML_KEM_SEED_BYTES = 64;

export const isRsaSpec = (spec: KeySpec): spec is RsaSpec => spec in RSA_BITS;
export const isEcSpec = (spec: KeySpec): spec is EcSpec => spec in EC_CURVES;
export const isMlDsaSpec = (spec: KeySpec): spec is MlDsaSpec => spec in ML_DSA;
export const isMlKemSpec = (spec: KeySpec): spec is MlKemSpec => spec in ML_KEM;

/** The node:crypto hash a SHA-2 algorithm name ends with. */
export function shaOf(algorithm: string): "sha1" | "sha224" | "sha256" | "sha384" | "sha512" {
  if (algorithm.endsWith("SHA_1")) return "sha1";
  if (algorithm.endsWith("SHA_224")) return "sha224";
  if (algorithm.endsWith("SHA_256")) return "sha256";
  if (algorithm.endsWith("SHA_384")) return "sha384";
  if (algorithm.endsWith("SHA_512")) return "sha512";
  throw new Error(`no SHA-2 hash in ${algorithm}`);
}

/**
 * Lends `fn` the stored PKCS#8 private key as a node:crypto KeyObject, after checking that it is
 * the key type `spec` names. A KeyObject keeps a copy of the key in OpenSSL memory that cannot be
 * wiped from JavaScript, so it is created here, inside `use()`, and dropped as soon as `fn`
 * returns; `fn` must not keep it.
 */
export function withPrivateKeyObject<T>(spec: KeySpec, privateKey: SecretBytes, fn: (key: KeyObject) => T): T {
  // Parsed once per unwrapped material, not per call: parsing PKCS#8 costs more than an ECDSA
  // signature. The KeyObject lives and dies with the SecretBytes it came from.
  const key = privateKey.derived(`KeyObject:${spec}`, (der) => {
    let parsed: KeyObject;
    try {
      parsed = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    } catch {
      throw new Error(`stored ${spec} private key is not PKCS#8`);
    }
    if (!keyObjectIs(spec, parsed)) throw new Error(`stored private key is not a ${spec} key`);
    return parsed;
  });
  return fn(key);
}

/**
 * Full public-key validation of an EC SubjectPublicKeyInfo before OpenSSL sees it (SP 800-56A
 * §5.6.2.3.3): a SEC1 point of the curve's length (uncompressed or compressed), on the curve, not
 * the point at infinity. Node 20 aborts the whole process on some degenerate points (the point at
 * infinity reaches a native assertion), so they must never reach createPublicKey.
 */
function requireValidEcPoint(spec: EcSpec, der: Buffer): void {
  const invalid = () => new KeyOperationError("invalid-public-key", `The public key is not a valid ${spec} public key.`);
  let point: Buffer;
  try {
    const [, bits] = readChildren(readOnly(der, TAG.SEQUENCE).content, [TAG.SEQUENCE, TAG.BIT_STRING]);
    if (bits!.content[0] !== 0) throw invalid();
    point = bits!.content.subarray(1);
  } catch {
    throw invalid();
  }
  const curve = EC_CURVES[spec].noble;
  const fieldBytes = curve.Point.Fp.BYTES;
  const wellFormed = (point[0] === 4 && point.length === 1 + 2 * fieldBytes) || ((point[0] === 2 || point[0] === 3) && point.length === 1 + fieldBytes);
  if (!wellFormed) throw invalid();
  try {
    const parsed = curve.Point.fromBytes(point);
    parsed.assertValidity();
    if (parsed.is0()) throw invalid();
  } catch {
    throw invalid();
  }
}

/** A DER SubjectPublicKeyInfo of the type `spec` names, or KeyOperationError. */
export function publicKeyObject(spec: KeySpec, der: Buffer): KeyObject {
  const memoKey = `${spec}:${der.toString("base64")}`;
  const known = PARSED_PUBLIC_KEYS.get(memoKey);
  if (known !== undefined) return known;
  const key = parsePublicKey(spec, der);
  if (PARSED_PUBLIC_KEYS.size >= MAX_PARSED_PUBLIC_KEYS) PARSED_PUBLIC_KEYS.delete(PARSED_PUBLIC_KEYS.keys().next().value!);
  PARSED_PUBLIC_KEYS.set(memoKey, key);
  return key;
}

/**
 * Public keys already validated and parsed, by spec and content (never by buffer identity, so a
 * reused buffer cannot alias another key). A memo of a pure function of public data: validating
 * an EC point costs several times the Verify it guards. Bounded; oldest out first.
 */
const PARSED_PUBLIC_KEYS = new Map<string, KeyObject>();
const MAX_PARSED_PUBLIC_KEYS = 1024;

function parsePublicKey(spec: KeySpec, der: Buffer): KeyObject {
  if (isEcSpec(spec)) requireValidEcPoint(spec, der);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  } catch {
    throw new KeyOperationError("invalid-public-key", "The public key is not a valid DER-encoded SubjectPublicKeyInfo.");
  }
  if (!keyObjectIs(spec, key)) throw new KeyOperationError("invalid-public-key", `The public key is not a ${spec} public key.`);
  return key;
}

function keyObjectIs(spec: KeySpec, key: KeyObject): boolean {
  const details = key.asymmetricKeyDetails;
  if (isRsaSpec(spec)) return key.asymmetricKeyType === "rsa" && details?.modulusLength === RSA_BITS[spec];
  if (isEcSpec(spec)) return key.asymmetricKeyType === "ec" && details?.namedCurve === EC_CURVES[spec].nodeCurve;
  if (spec === "ECC_NIST_EDWARDS25519") return key.asymmetricKeyType === "ed25519";
  return false;
}

/** The uncompressed SEC1 point (04 ‖ x ‖ y) of an EC public key object. */
export function ecPointOf(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: "jwk" });
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
}

/** The 32-byte Ed25519 public key of a public key object. */
export function ed25519PointOf(key: KeyObject): Uint8Array {
  return Buffer.from(key.export({ format: "jwk" }).x!, "base64url");
}
