/** The KeySpec enum of the AWS KMS service model. */
export type KeySpec =
  | "SYMMETRIC_DEFAULT"
  | "RSA_2048"
  | "RSA_3072"
  | "RSA_4096"
  | "ECC_NIST_P256"
  | "ECC_NIST_P384"
  | "ECC_NIST_P521"
  | "ECC_SECG_P256K1"
  | "ECC_NIST_EDWARDS25519"
  | "HMAC_224"
  | "HMAC_256"
  | "HMAC_384"
  | "HMAC_512"
  | "ML_DSA_44"
  | "ML_DSA_65"
  | "ML_DSA_87"
  | "ML_KEM_512"
  | "ML_KEM_768"
  | "ML_KEM_1024"
  | "SM2";

/** The specs this module makes key material for (SYMMETRIC_DEFAULT is the barrier's; SM2 is not offered). */
export type GeneratedKeySpec = Exclude<KeySpec, "SYMMETRIC_DEFAULT" | "SM2">;

export type KeyUsage = "ENCRYPT_DECRYPT" | "SIGN_VERIFY" | "GENERATE_VERIFY_MAC" | "KEY_AGREEMENT" | "ENCAPSULATE_DECAPSULATE";

export type SigningAlgorithm =
  | "RSASSA_PSS_SHA_256"
  | "RSASSA_PSS_SHA_384"
  | "RSASSA_PSS_SHA_512"
  | "RSASSA_PKCS1_V1_5_SHA_256"
  | "RSASSA_PKCS1_V1_5_SHA_384"
  | "RSASSA_PKCS1_V1_5_SHA_512"
  | "ECDSA_SHA_256"
  | "ECDSA_SHA_384"
  | "ECDSA_SHA_512"
  | "ED25519_SHA_512"
  | "ED25519_PH_SHA_512"
  | "ML_DSA_SHAKE_256"
  | "SM2DSA";

export type MessageType = "RAW" | "DIGEST" | "EXTERNAL_MU";
export type AsymmetricEncryptionAlgorithm = "RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256";
export type EncryptionAlgorithm = "SYMMETRIC_DEFAULT" | AsymmetricEncryptionAlgorithm | "SM2PKE";
export type MacAlgorithm = "HMAC_SHA_224" | "HMAC_SHA_256" | "HMAC_SHA_384" | "HMAC_SHA_512";
export type KeyAgreementAlgorithm = "ECDH";
export type EncapsulationAlgorithm = "ML_KEM";

/**
 * Why an operation refused its input, so the caller can pick the AWS error:
 * - `incompatible-algorithm`: the algorithm or message type does not go with the key spec;
 * - `invalid-message`: a digest or μ of the wrong length, or a plaintext over the limit;
 * - `invalid-public-key`: a public key that is not DER SPKI of the right type and curve;
 * - `invalid-ciphertext`: a ciphertext of the wrong length for the key spec;
 * - `unsupported`: a spec this module does not implement (SM2).
 */
export type KeyOperationFailure = "incompatible-algorithm" | "invalid-message" | "invalid-public-key" | "invalid-ciphertext" | "unsupported";

/** Malformed or incompatible input. The message names no secret and is safe to show a client. */
export class KeyOperationError extends Error {
  override readonly name = "KeyOperationError";

  constructor(
    readonly reason: KeyOperationFailure,
    message: string,
  ) {
    super(message);
  }
}
