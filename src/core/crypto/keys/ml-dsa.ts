import type { SecretBytes } from "../../secret-bytes.js";
import { decodeSeedPkcs8, decodeSpki } from "./der.js";
import { ML_DSA, ML_DSA_SEED_BYTES, type MlDsaSpec } from "./params.js";
import { KeyOperationError } from "./types.js";

// ML-DSA (FIPS 204) with @noble/post-quantum. RAW is pure ML-DSA with an empty context (the
// library's `sign` forms M' = 0 ‖ 0 ‖ M); EXTERNAL_MU hands the caller's 64-byte μ to the
// library's internal signer, which is what AWS documents: "KMS skips the concatenated hashing of
// the public key hash and the message". Signing is hedged (FIPS 204's default): the library
// draws the 32-byte rnd from crypto.getRandomValues, as OpenSSL draws ECDSA nonces.

/** Signs with the key expanded from the stored seed; the expanded secret key is wiped after. */
export function mlDsaSign(spec: MlDsaSpec, privateKey: SecretBytes, message: Buffer, externalMu: boolean): Buffer {
  const { impl, oid } = ML_DSA[spec];
  return privateKey.use((der) => {
    const { secretKey, publicKey } = impl.keygen(decodeSeedPkcs8(der, oid, ML_DSA_SEED_BYTES));
    try {
      return Buffer.from(externalMu ? impl.internal.sign(message, secretKey, { externalMu: true }) : impl.sign(message, secretKey));
    } finally {
      secretKey.fill(0);
      publicKey.fill(0);
    }
  });
}

export function mlDsaVerify(spec: MlDsaSpec, publicKeyDer: Buffer, message: Buffer, externalMu: boolean, signature: Buffer): boolean {
  const { impl } = ML_DSA[spec];
  const publicKey = mlDsaPublicKeyBytes(spec, publicKeyDer);
  if (signature.length !== impl.lengths.signature) return false;
  try {
    return externalMu ? impl.internal.verify(signature, message, publicKey, { externalMu: true }) : impl.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}

/** The raw FIPS 204 public key inside an ML-DSA SPKI of this parameter set. */
export function mlDsaPublicKeyBytes(spec: MlDsaSpec, publicKeyDer: Buffer): Buffer {
  const { impl, oid } = ML_DSA[spec];
  const raw = decodeSpki(publicKeyDer, oid);
  if (raw === undefined || raw.length !== impl.lengths.publicKey) {
    throw new KeyOperationError("invalid-public-key", `The public key is not a ${spec} SubjectPublicKeyInfo.`);
  }
  return raw;
}
