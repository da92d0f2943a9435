import { SecretBytes } from "../../secret-bytes.js";
import { decodeSeedPkcs8, decodeSpki } from "./der.js";
import { isMlKemSpec, ML_KEM, ML_KEM_SEED_BYTES, type MlKemSpec } from "./params.js";
import { KeyOperationError, type KeySpec } from "./types.js";

// ML-KEM (FIPS 203) with @noble/post-quantum. Ciphertexts are 768, 1088 and 1568 bytes and shared
// secrets 32 bytes (AWS Encapsulate / Decapsulate).

export interface Encapsulation {
  readonly ciphertext: Buffer;
  /** The 32-byte shared secret; the caller owns it and disposes of it. */
  readonly sharedSecret: SecretBytes;
}

/**
 * Encapsulates a fresh shared secret to a DER SPKI ML-KEM public key. The 32-byte message m comes
 * from `randomBytes` when given (and is wiped), else from the library's crypto.getRandomValues.
 * The library rejects an encapsulation key that fails FIPS 203's modulus check.
 */
export function encapsulate(spec: KeySpec, publicKey: Buffer, randomBytes?: (n: number) => Buffer): Encapsulation {
  const { impl, oid } = ML_KEM[requireMlKem(spec)];
  const raw = decodeSpki(publicKey, oid);
  if (raw === undefined || raw.length !== impl.lengths.publicKey) {
    throw new KeyOperationError("invalid-public-key", `The public key is not a ${spec} SubjectPublicKeyInfo.`);
  }
  const m = randomBytes?.(impl.lengths.msgRand ?? 32);
  try {
    const { cipherText, sharedSecret } = impl.encapsulate(raw, m);
    try {
      return { ciphertext: Buffer.from(cipherText), sharedSecret: SecretBytes.copyOf(sharedSecret) };
    } finally {
      sharedSecret.fill(0);
    }
  } catch (error) {
    if (error instanceof KeyOperationError) throw error;
    throw new KeyOperationError("invalid-public-key", `The public key is not a valid ${spec} encapsulation key.`);
  } finally {
    m?.fill(0);
  }
}

/**
 * Decapsulates with the stored seed. Only a ciphertext of the wrong length is refused (AWS:
 * InvalidCiphertextException); any other ciphertext yields FIPS 203's implicit-rejection secret,
 * a pseudo-random value, exactly as AWS documents.
 */
export function decapsulate(spec: KeySpec, privateKey: SecretBytes, ciphertext: Buffer): SecretBytes {
  const mlKem = requireMlKem(spec);
  const { impl, oid } = ML_KEM[mlKem];
  if (ciphertext.length !== impl.lengths.cipherText) {
    throw new KeyOperationError("invalid-ciphertext", `The ciphertext length is inconsistent with key spec ${spec}.`);
  }
  return privateKey.use((der) => {
    const { secretKey, publicKey } = impl.keygen(decodeSeedPkcs8(der, oid, ML_KEM_SEED_BYTES));
    publicKey.fill(0);
    let shared: Uint8Array | undefined;
    try {
      shared = impl.decapsulate(ciphertext, secretKey);
      return SecretBytes.copyOf(shared);
    } finally {
      shared?.fill(0);
      secretKey.fill(0);
    }
  });
}

function requireMlKem(spec: KeySpec): MlKemSpec {
  if (!isMlKemSpec(spec)) throw new KeyOperationError("incompatible-algorithm", `Key spec ${spec} does not support key encapsulation.`);
  return spec;
}
