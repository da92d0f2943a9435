import { constants, createDecipheriv, createHmac, createPrivateKey, createPublicKey, privateDecrypt, type KeyObject } from "node:crypto";
import { SecretBytes } from "../secret-bytes.js";
import { generateKeyMaterial } from "./keys/generate.js";
import { HMAC_KEY_BYTES } from "./keys/matrix.js";
import { EC_CURVES, RSA_BITS, isEcSpec, isRsaSpec } from "./keys/params.js";
import type { KeySpec } from "./keys/types.js";

/**
 * The primitives of importing key material (BYOK), as AWS KMS defines them ("Importing key
 * material", "Select a wrapping algorithm"): the RSA wrapping key pair, the two ways of unwrapping
 * what a caller wrapped under its public key, the checks that the material fits the key spec, and
 * the keyed commitment that recognises the same material again without keeping it.
 */
export type WrappingAlgorithm = "RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256" | "RSA_AES_KEY_WRAP_SHA_1" | "RSA_AES_KEY_WRAP_SHA_256";
export type WrappingKeySpec = "RSA_2048" | "RSA_3072" | "RSA_4096";

/** Why imported material was refused; the message names no secret and is safe to show a client. */
export class ImportedMaterialError extends Error {
  override readonly name = "ImportedMaterialError";
}

/** A fresh RSA wrapping key pair: the private key PKCS#8 DER (secret), the public key DER SPKI. */
export async function generateWrappingKeyPair(spec: WrappingKeySpec): Promise<{ privateKey: SecretBytes; publicKey: Buffer }> {
  const pair = await generateKeyMaterial(spec, () => Buffer.alloc(0));
  if (pair.publicKey === undefined) throw new Error("RSA key generation returned no public key");
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** The RFC 5649 (AES key wrap with padding) alternative initial value, as OpenSSL's id-aes256-wrap-pad takes it. */
const KWP_IV = Buffer.from("a65959a6", "hex");
const AES_256_BYTES = 32;

/**
 * Opens `encrypted` with the wrapping private key. RSAES_OAEP_*: RSA-OAEP (hash and MGF1 hash both
 * SHA-1 or SHA-256) of the material itself. RSA_AES_KEY_WRAP_*: RSA-OAEP of an ephemeral AES-256
 * key, followed by the material wrapped under that key with AES key wrap with padding (RFC 5649).
 * Returns undefined when it does not open: the caller answers InvalidCiphertextException.
 */
export function unwrapKeyMaterial(algorithm: WrappingAlgorithm, wrappingPrivateKey: SecretBytes, encrypted: Buffer): SecretBytes | undefined {
  const oaepHash = algorithm.endsWith("SHA_1") ? "sha1" : "sha256";
  return wrappingPrivateKey.use((der) => {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    } catch {
      throw new Error("the import token holds no valid wrapping key");
    }
    const modulusBytes = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    const rsaDecrypt = (ciphertext: Buffer): Buffer | undefined => {
      if (ciphertext.length !== modulusBytes) return undefined;
      try {
        return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, ciphertext);
      } catch {
        return undefined;
      }
    };
    if (algorithm === "RSAES_OAEP_SHA_1" || algorithm === "RSAES_OAEP_SHA_256") {
      const material = rsaDecrypt(encrypted);
      return material === undefined ? undefined : SecretBytes.adopt(material);
    }
    const aesKey = rsaDecrypt(encrypted.subarray(0, modulusBytes));
    if (aesKey === undefined) return undefined;
    try {
      if (aesKey.length !== AES_256_BYTES) return undefined;
      return aesKeyUnwrapWithPadding(aesKey, encrypted.subarray(modulusBytes));
    } finally {
      aesKey.fill(0);
    }
  });
}

function aesKeyUnwrapWithPadding(kek: Buffer, wrapped: Buffer): SecretBytes | undefined {
  // RFC 5649: at least two 64-bit blocks, a whole number of them.
  if (wrapped.length < 16 || wrapped.length % 8 !== 0) return undefined;
  let head: Buffer | undefined;
  let tail: Buffer | undefined;
  try {
    const decipher = createDecipheriv("id-aes256-wrap-pad", kek, KWP_IV);
    head = decipher.update(wrapped);
    tail = decipher.final();
    const material = SecretBytes.copyOf(Buffer.concat([head, tail]));
    return material;
  } catch {
    return undefined;
  } finally {
    head?.fill(0);
    tail?.fill(0);
  }
}

/**
 * The lengths AWS accepts for imported HMAC keys ("Requirements for imported key material"): at
 * least the spec's size, at most the hash's block size.
 */
export const IMPORTED_HMAC_KEY_BYTES: Readonly<Record<keyof typeof HMAC_KEY_BYTES, { min: number; max: number }>> = {
  HMAC_224: { min: 28, max: 64 },
  HMAC_256: { min: 32, max: 64 },
  HMAC_384: { min: 48, max: 128 },
  HMAC_512: { min: 64, max: 128 },
};

export interface ImportedKey {
  /** What is stored: the raw key (symmetric, HMAC), or the private key re-encoded as node:crypto's PKCS#8 DER. */
  readonly material: SecretBytes;
  /** DER SubjectPublicKeyInfo of an asymmetric key, derived from its private key. */
  readonly publicKey: Buffer | undefined;
}

/**
 * Checks that `material` is key material of `spec` and returns what Strongbox stores for it: a
 * 256-bit key for SYMMETRIC_DEFAULT, an HMAC key of an allowed length, or a PKCS#8 DER private key
 * of the spec's type and size (canonically re-encoded, so the same key in another valid encoding
 * is recognised as the same material). Throws ImportedMaterialError otherwise. `material` stays
 * the caller's to dispose.
 */
export function importedKey(spec: KeySpec, material: SecretBytes): ImportedKey {
  if (spec === "SYMMETRIC_DEFAULT") {
    if (material.length !== AES_256_BYTES) {
      throw new ImportedMaterialError(`The key material for a SYMMETRIC_DEFAULT key must be 256 bits (32 bytes); it is ${material.length} bytes.`);
    }
    return { material: material.use((bytes) => SecretBytes.copyOf(bytes)), publicKey: undefined };
  }
  if (spec in IMPORTED_HMAC_KEY_BYTES) {
    const { min, max } = IMPORTED_HMAC_KEY_BYTES[spec as keyof typeof IMPORTED_HMAC_KEY_BYTES];
    if (material.length < min || material.length > max) {
      throw new ImportedMaterialError(`The key material for a ${spec} key must be ${min} to ${max} bytes; it is ${material.length} bytes.`);
    }
    return { material: material.use((bytes) => SecretBytes.copyOf(bytes)), publicKey: undefined };
  }
  if (!isRsaSpec(spec) && !isEcSpec(spec)) throw new ImportedMaterialError(`Key material cannot be imported into a ${spec} key.`);
  return material.use((der) => {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    } catch {
      throw new ImportedMaterialError(`The key material for a ${spec} key must be a DER-encoded PKCS #8 private key.`);
    }
    const details = key.asymmetricKeyDetails;
    const fits = isRsaSpec(spec)
      ? key.asymmetricKeyType === "rsa" && details?.modulusLength === RSA_BITS[spec]
      : key.asymmetricKeyType === "ec" && details?.namedCurve === EC_CURVES[spec].nodeCurve;
    if (!fits) throw new ImportedMaterialError(`The key material is not a ${spec} private key.`);
    return {
      material: SecretBytes.adopt(key.export({ format: "der", type: "pkcs8" })),
      publicKey: createPublicKey(key).export({ format: "der", type: "spki" }),
    };
  });
}

/**
 * The commitment to imported material: HMAC-SHA-256 under a per-key secret (the commitment key,
 * sealed under the barrier). It is the material's KeyMaterialId, so it is public: HMAC is a PRF,
 * so without the commitment key it says nothing about the material, and nobody can test a guess
 * against it; with it, Strongbox recognises the same material when it is imported again.
 */
export function commitToMaterial(commitmentKey: SecretBytes, material: SecretBytes): Buffer {
  return commitmentKey.use((k) => material.use((m) => createHmac("sha256", k).update(m).digest()));
}
