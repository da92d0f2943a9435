import { constants, privateDecrypt, publicEncrypt } from "node:crypto";
import { SecretBytes } from "../../secret-bytes.js";
import { ENCRYPTION_ALGORITHMS } from "./matrix.js";
import { isRsaSpec, publicKeyObject, RSA_BITS, shaOf, withPrivateKeyObject, type RsaSpec } from "./params.js";
import { KeyOperationError, type AsymmetricEncryptionAlgorithm, type KeySpec } from "./types.js";

// RSAES-OAEP (RFC 8017 §7.1) as AWS uses it: "SHA-1 [or SHA-256] for both the hash and in the MGF1
// mask generation function along with an empty label" (asymmetric-key-specs.html).

/**
 * The most plaintext one Encrypt call takes: (key bits / 8) - 2 * (hash bytes) - 2, which gives
 * AWS's table (RSA_2048: 214 with SHA-1, 190 with SHA-256; RSA_3072: 342/318; RSA_4096: 470/446).
 */
export function maxAsymmetricPlaintext(spec: KeySpec, algorithm: AsymmetricEncryptionAlgorithm): number {
  const rsa = requireOaep(spec, algorithm);
  return RSA_BITS[rsa] / 8 - 2 * hashBytes(algorithm) - 2;
}

/** Encrypts under a DER SPKI public key; KeyOperationError for a plaintext over the limit. */
export function asymmetricEncrypt(spec: KeySpec, algorithm: AsymmetricEncryptionAlgorithm, publicKey: Buffer, plaintext: SecretBytes): Buffer {
  const limit = maxAsymmetricPlaintext(spec, algorithm);
  if (plaintext.length > limit) {
    throw new KeyOperationError("invalid-message", `Plaintext is too long for ${spec} with ${algorithm}: at most ${limit} bytes.`);
  }
  const key = publicKeyObject(spec, publicKey);
  return plaintext.use((bytes) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: shaOf(algorithm) }, bytes));
}

/** Decrypts; undefined for any ciphertext that does not open, whatever the cause. */
export function asymmetricDecrypt(spec: KeySpec, algorithm: AsymmetricEncryptionAlgorithm, privateKey: SecretBytes, ciphertext: Buffer): SecretBytes | undefined {
  const rsa = requireOaep(spec, algorithm);
  if (ciphertext.length !== RSA_BITS[rsa] / 8) return undefined;
  return withPrivateKeyObject(spec, privateKey, (key) => {
    try {
      return SecretBytes.adopt(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: shaOf(algorithm) }, ciphertext));
    } catch {
      return undefined;
    }
  });
}

function requireOaep(spec: KeySpec, algorithm: AsymmetricEncryptionAlgorithm): RsaSpec {
  if (!isRsaSpec(spec) || !ENCRYPTION_ALGORITHMS[spec].includes(algorithm)) {
    throw new KeyOperationError("incompatible-algorithm", `Encryption algorithm ${algorithm} is not compatible with key spec ${spec}.`);
  }
  return spec;
}

function hashBytes(algorithm: AsymmetricEncryptionAlgorithm): number {
  return algorithm === "RSAES_OAEP_SHA_1" ? 20 : 32;
}
