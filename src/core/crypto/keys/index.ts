// Cryptographic primitives for every AWS KMS key spec except SYMMETRIC_DEFAULT (the barrier's
// AES-GCM) and SM2 (not offered). Pure functions: keys come in as SecretBytes, randomness as a
// port where the primitive allows it.
export * from "./types.js";
export {
  SIGNING_ALGORITHMS,
  ENCRYPTION_ALGORITHMS,
  MAC_ALGORITHMS,
  KEY_AGREEMENT_ALGORITHMS,
  ENCAPSULATION_ALGORITHMS,
  KEY_USAGES,
  MESSAGE_TYPES,
  EXTERNAL_MU_BYTES,
  HMAC_KEY_BYTES,
  digestLength,
} from "./matrix.js";
export { generateKeyMaterial, publicKeyOf, type KeyMaterial } from "./generate.js";
export { sign, signOffLoop, verify, verifyOffLoop } from "./sign.js";
export { asymmetricEncrypt, asymmetricDecrypt, maxAsymmetricPlaintext } from "./rsa-oaep.js";
export { deriveSharedSecret } from "./ecdh.js";
export { mac, macMatches } from "./hmac.js";
export { encapsulate, decapsulate, type Encapsulation } from "./ml-kem.js";
export { privateKeyFromPem, privateKeyFromSeed } from "./import-pem.js";
