import type {
  AsymmetricEncryptionAlgorithm,
  EncapsulationAlgorithm,
  EncryptionAlgorithm,
  KeyAgreementAlgorithm,
  KeySpec,
  KeyUsage,
  MacAlgorithm,
  MessageType,
  SigningAlgorithm,
} from "./types.js";

// AWS's matrix of key specs, usages and algorithms. Sources: the Key spec reference of the AWS KMS
// Developer Guide (symm-asymm-choose-key-spec.html), "HMAC keys in AWS KMS" (hmac.html), "ML-DSA
// keys in AWS KMS" (mldsa.html), and the CreateKey KeyUsage/KeySpec and Sign MessageType
// documentation shipped in @aws-sdk/client-kms (models_0.d.ts).

const RSA_SIGNING: readonly SigningAlgorithm[] = [
  "RSASSA_PKCS1_V1_5_SHA_256",
  "RSASSA_PKCS1_V1_5_SHA_384",
  "RSASSA_PKCS1_V1_5_SHA_512",
  "RSASSA_PSS_SHA_256",
  "RSASSA_PSS_SHA_384",
  "RSASSA_PSS_SHA_512",
];
const NONE: readonly never[] = [];

function specTable<T>(value: readonly T[]): Record<KeySpec, readonly T[]> {
  return Object.fromEntries(Object.keys(KEY_SPEC_NAMES).map((spec) => [spec, value])) as Record<KeySpec, readonly T[]>;
}

// Declared with every spec so `specTable` stays complete when the KeySpec union grows.
const KEY_SPEC_NAMES: Readonly<Record<KeySpec, true>> = {
  SYMMETRIC_DEFAULT: true,
  RSA_2048: true,
  RSA_3072: true,
  RSA_4096: true,
  ECC_NIST_P256: true,
  ECC_NIST_P384: true,
  ECC_NIST_P521: true,
  ECC_SECG_P256K1: true,
  ECC_NIST_EDWARDS25519: true,
  HMAC_224: true,
  HMAC_256: true,
  HMAC_384: true,
  HMAC_512: true,
  ML_DSA_44: true,
  ML_DSA_65: true,
  ML_DSA_87: true,
  ML_KEM_512: true,
  ML_KEM_768: true,
  ML_KEM_1024: true,
  SM2: true,
};

export const SIGNING_ALGORITHMS: Readonly<Record<KeySpec, readonly SigningAlgorithm[]>> = {
  SYMMETRIC_DEFAULT: NONE,
  RSA_2048: RSA_SIGNING,
  RSA_3072: RSA_SIGNING,
  RSA_4096: RSA_SIGNING,
  ECC_NIST_P256: ["ECDSA_SHA_256"],
  ECC_NIST_P384: ["ECDSA_SHA_384"],
  ECC_NIST_P521: ["ECDSA_SHA_512"],
  ECC_SECG_P256K1: ["ECDSA_SHA_256"],
  ECC_NIST_EDWARDS25519: ["ED25519_SHA_512", "ED25519_PH_SHA_512"],
  HMAC_224: NONE,
  HMAC_256: NONE,
  HMAC_384: NONE,
  HMAC_512: NONE,
  ML_DSA_44: ["ML_DSA_SHAKE_256"],
  ML_DSA_65: ["ML_DSA_SHAKE_256"],
  ML_DSA_87: ["ML_DSA_SHAKE_256"],
  ML_KEM_512: NONE,
  ML_KEM_768: NONE,
  ML_KEM_1024: NONE,
  SM2: ["SM2DSA"],
};

const RSA_ENCRYPTION: readonly AsymmetricEncryptionAlgorithm[] = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"];

export const ENCRYPTION_ALGORITHMS: Readonly<Record<KeySpec, readonly EncryptionAlgorithm[]>> = {
  ...specTable<EncryptionAlgorithm>(NONE),
  SYMMETRIC_DEFAULT: ["SYMMETRIC_DEFAULT"],
  RSA_2048: RSA_ENCRYPTION,
  RSA_3072: RSA_ENCRYPTION,
  RSA_4096: RSA_ENCRYPTION,
  SM2: ["SM2PKE"],
};

export const MAC_ALGORITHMS: Readonly<Record<KeySpec, readonly MacAlgorithm[]>> = {
  ...specTable<MacAlgorithm>(NONE),
  HMAC_224: ["HMAC_SHA_224"],
  HMAC_256: ["HMAC_SHA_256"],
  HMAC_384: ["HMAC_SHA_384"],
  HMAC_512: ["HMAC_SHA_512"],
};

/** DeriveSharedSecret: NIST curves and SM2 only (not secp256k1, not Ed25519). */
export const KEY_AGREEMENT_ALGORITHMS: Readonly<Record<KeySpec, readonly KeyAgreementAlgorithm[]>> = {
  ...specTable<KeyAgreementAlgorithm>(NONE),
  ECC_NIST_P256: ["ECDH"],
  ECC_NIST_P384: ["ECDH"],
  ECC_NIST_P521: ["ECDH"],
  SM2: ["ECDH"],
};

export const ENCAPSULATION_ALGORITHMS: Readonly<Record<KeySpec, readonly EncapsulationAlgorithm[]>> = {
  ...specTable<EncapsulationAlgorithm>(NONE),
  ML_KEM_512: ["ML_KEM"],
  ML_KEM_768: ["ML_KEM"],
  ML_KEM_1024: ["ML_KEM"],
};

/** The KeyUsage values CreateKey accepts with each KeySpec. */
export const KEY_USAGES: Readonly<Record<KeySpec, readonly KeyUsage[]>> = {
  SYMMETRIC_DEFAULT: ["ENCRYPT_DECRYPT"],
  RSA_2048: ["ENCRYPT_DECRYPT", "SIGN_VERIFY"],
  RSA_3072: ["ENCRYPT_DECRYPT", "SIGN_VERIFY"],
  RSA_4096: ["ENCRYPT_DECRYPT", "SIGN_VERIFY"],
  ECC_NIST_P256: ["SIGN_VERIFY", "KEY_AGREEMENT"],
  ECC_NIST_P384: ["SIGN_VERIFY", "KEY_AGREEMENT"],
  ECC_NIST_P521: ["SIGN_VERIFY", "KEY_AGREEMENT"],
  ECC_SECG_P256K1: ["SIGN_VERIFY"],
  // "ECC_NIST_EDWARDS25519 (ed25519) - signing and verification only" (CreateKey KeySpec).
  ECC_NIST_EDWARDS25519: ["SIGN_VERIFY"],
  HMAC_224: ["GENERATE_VERIFY_MAC"],
  HMAC_256: ["GENERATE_VERIFY_MAC"],
  HMAC_384: ["GENERATE_VERIFY_MAC"],
  HMAC_512: ["GENERATE_VERIFY_MAC"],
  ML_DSA_44: ["SIGN_VERIFY"],
  ML_DSA_65: ["SIGN_VERIFY"],
  ML_DSA_87: ["SIGN_VERIFY"],
  ML_KEM_512: ["ENCAPSULATE_DECAPSULATE"],
  ML_KEM_768: ["ENCAPSULATE_DECAPSULATE"],
  ML_KEM_1024: ["ENCAPSULATE_DECAPSULATE"],
  SM2: ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT"],
};

/**
 * The message types each signing algorithm accepts. AWS: "ED25519_SHA_512 signing algorithm
 * requires MessageType:RAW, while ED25519_PH_SHA_512 requires MessageType:DIGEST. These message
 * types cannot be used interchangeably"; EXTERNAL_MU is ML-DSA's alone.
 */
export const MESSAGE_TYPES: Readonly<Record<SigningAlgorithm, readonly MessageType[]>> = {
  RSASSA_PSS_SHA_256: ["RAW", "DIGEST"],
  RSASSA_PSS_SHA_384: ["RAW", "DIGEST"],
  RSASSA_PSS_SHA_512: ["RAW", "DIGEST"],
  RSASSA_PKCS1_V1_5_SHA_256: ["RAW", "DIGEST"],
  RSASSA_PKCS1_V1_5_SHA_384: ["RAW", "DIGEST"],
  RSASSA_PKCS1_V1_5_SHA_512: ["RAW", "DIGEST"],
  ECDSA_SHA_256: ["RAW", "DIGEST"],
  ECDSA_SHA_384: ["RAW", "DIGEST"],
  ECDSA_SHA_512: ["RAW", "DIGEST"],
  ED25519_SHA_512: ["RAW"],
  ED25519_PH_SHA_512: ["DIGEST"],
  ML_DSA_SHAKE_256: ["RAW", "EXTERNAL_MU"],
  SM2DSA: ["RAW", "DIGEST"],
};

/** μ of FIPS 204 §6.2, the message of MessageType EXTERNAL_MU. */
export const EXTERNAL_MU_BYTES = 64;

/**
 * Length of the digest a DIGEST message must have: "Signing algorithms that end in SHA_256 use
 * the SHA_256 hashing algorithm", and so on; SM2DSA's SM3 digest is 32 bytes. For algorithms
 * without DIGEST (ED25519_SHA_512, ML_DSA_SHAKE_256) it is the length of their hash all the same.
 */
export function digestLength(algorithm: SigningAlgorithm): number {
  if (algorithm === "ML_DSA_SHAKE_256") return EXTERNAL_MU_BYTES;
  if (algorithm === "SM2DSA" || algorithm.endsWith("_SHA_256")) return 32;
  if (algorithm.endsWith("_SHA_384")) return 48;
  return 64;
}

/**
 * Key length of each HMAC spec: "The length of the key determines the MAC algorithm" (hmac.html),
 * so HMAC_224 has a 224-bit key; tags are the full HMAC output.
 */
export const HMAC_KEY_BYTES: Readonly<Record<"HMAC_224" | "HMAC_256" | "HMAC_384" | "HMAC_512", number>> = {
  HMAC_224: 28,
  HMAC_256: 32,
  HMAC_384: 48,
  HMAC_512: 64,
};
