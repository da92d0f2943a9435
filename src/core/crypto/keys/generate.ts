import { createPrivateKey, createPublicKey, generateKeyPair } from "node:crypto";
import { SecretBytes } from "../../secret-bytes.js";
import { decodeSeedPkcs8, encodeEcPkcs8, encodeEd25519Pkcs8, encodeSeedPkcs8, encodeSpki } from "./der.js";
import { HMAC_KEY_BYTES } from "./matrix.js";
import {
  EC_CURVES,
  ML_DSA,
  ML_DSA_SEED_BYTES,
  ML_KEM,
  ML_KEM_SEED_BYTES,
  RSA_BITS,
  isEcSpec,
  isMlDsaSpec,
  isMlKemSpec,
  isRsaSpec,
  withPrivateKeyObject,
  type EcSpec,
  type MlDsaSpec,
  type MlKemSpec,
} from "./params.js";
import { KeyOperationError, type GeneratedKeySpec, type KeySpec } from "./types.js";

/**
 * Private key encodings (what `generateKeyMaterial` returns and every other function expects):
 * - RSA_*, ECC_*: PKCS#8 DER, as node:crypto exports it (RFC 5208 / RFC 5915 / RFC 8410);
 * - ML_DSA_*: PKCS#8 DER holding only the 32-byte seed ξ (RFC 9881, seed form);
 * - ML_KEM_*: PKCS#8 DER holding only the 64-byte seed d ‖ z (RFC 9935, seed form);
 * - HMAC_*: the raw HMAC key, as long as the spec's bits (HMAC_224: 28 bytes).
 * Public keys are DER SubjectPublicKeyInfo, as GetPublicKey returns them.
 */
export interface KeyMaterial {
  readonly privateKey: SecretBytes;
  readonly publicKey?: Buffer;
}

/**
 * New key material for `spec`. Randomness comes from `randomBytes`, except for RSA: node:crypto
 * generates RSA primes with OpenSSL's own CSPRNG and takes no entropy from outside. RSA key
 * generation runs on the libuv thread pool (an RSA_4096 key takes about a second): never on the
 * event loop, where it would stall every other request.
 */
export async function generateKeyMaterial(spec: GeneratedKeySpec, randomBytes: (n: number) => Buffer): Promise<KeyMaterial> {
  if (isRsaSpec(spec)) {
    const pair = await generateRsaKeyPair(RSA_BITS[spec]);
    return { privateKey: SecretBytes.adopt(pair.privateKey), publicKey: pair.publicKey };
  }
  if (isEcSpec(spec)) return generateEc(spec, randomBytes);
  if (spec === "ECC_NIST_EDWARDS25519") return generateEd25519(randomBytes);
  if (isMlDsaSpec(spec)) return generateFromSeed(ML_DSA[spec].oid, fresh(randomBytes, ML_DSA_SEED_BYTES), (seed) => mlDsaPublicKey(spec, seed));
  if (isMlKemSpec(spec)) return generateFromSeed(ML_KEM[spec].oid, fresh(randomBytes, ML_KEM_SEED_BYTES), (seed) => mlKemPublicKey(spec, seed));
  return { privateKey: fresh(randomBytes, HMAC_KEY_BYTES[spec]) };
}

function generateRsaKeyPair(modulusLength: number): Promise<{ privateKey: Buffer; publicKey: Buffer }> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      "rsa",
      { modulusLength, publicExponent: 65537, privateKeyEncoding: { type: "pkcs8", format: "der" }, publicKeyEncoding: { type: "spki", format: "der" } },
      (error, publicKey, privateKey) => (error ? reject(error) : resolve({ privateKey, publicKey })),
    );
  });
}

/** The DER SubjectPublicKeyInfo of a stored private key. */
export function publicKeyOf(spec: KeySpec, privateKey: SecretBytes): Buffer {
  if (isMlDsaSpec(spec)) return privateKey.use((der) => mlDsaPublicKey(spec, decodeSeedPkcs8(der, ML_DSA[spec].oid, ML_DSA_SEED_BYTES)));
  if (isMlKemSpec(spec)) return privateKey.use((der) => mlKemPublicKey(spec, decodeSeedPkcs8(der, ML_KEM[spec].oid, ML_KEM_SEED_BYTES)));
  if (isRsaSpec(spec) || isEcSpec(spec) || spec === "ECC_NIST_EDWARDS25519") {
    return withPrivateKeyObject(spec, privateKey, (key) => createPublicKey(key).export({ format: "der", type: "spki" }));
  }
  throw new KeyOperationError("unsupported", `KeySpec ${spec} has no public key.`);
}

/** `n` bytes from `randomBytes`, moved into a SecretBytes (the source buffer is wiped). */
function fresh(randomBytes: (n: number) => Buffer, n: number): SecretBytes {
  const bytes = randomBytes(n);
  if (bytes.length !== n) throw new Error(`randomBytes(${n}) returned ${bytes.length} bytes`);
  try {
    return SecretBytes.copyOf(bytes);
  } finally {
    bytes.fill(0);
  }
}

function generateEc(spec: EcSpec, randomBytes: (n: number) => Buffer): KeyMaterial {
  const { noble, oid } = EC_CURVES[spec];
  // FIPS 186-5 A.4.1 (extra random bits): a seed 8+ bytes longer than the order, reduced mod n-1, plus 1.
  const seed = randomBytes(noble.lengths.seed!);
  const scalar = noble.utils.randomSecretKey(seed);
  const bare = encodeEcPkcs8(oid, scalar);
  seed.fill(0);
  scalar.fill(0);
  try {
    // OpenSSL computes the public point on import; its export is the canonical PKCS#8 we store.
    // The KeyObject cannot be wiped and is dropped at once.
    const key = createPrivateKey({ key: bare, format: "der", type: "pkcs8" });
    return {
      privateKey: SecretBytes.adopt(key.export({ format: "der", type: "pkcs8" })),
      publicKey: createPublicKey(key).export({ format: "der", type: "spki" }),
    };
  } finally {
    bare.fill(0);
  }
}

function generateEd25519(randomBytes: (n: number) => Buffer): KeyMaterial {
  const seed = randomBytes(32);
  const pkcs8 = encodeEd25519Pkcs8(seed);
  seed.fill(0);
  // The KeyObject (which cannot be wiped) only derives the public key and is dropped at once.
  const publicKey = createPublicKey(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" })).export({ format: "der", type: "spki" });
  return { privateKey: SecretBytes.adopt(pkcs8), publicKey };
}

function generateFromSeed(oid: Buffer, seed: SecretBytes, publicKeyFromSeed: (seed: Buffer) => Buffer): KeyMaterial {
  try {
    return seed.use((bytes) => ({ privateKey: SecretBytes.adopt(encodeSeedPkcs8(oid, bytes)), publicKey: publicKeyFromSeed(bytes) }));
  } finally {
    seed.dispose();
  }
}

function mlDsaPublicKey(spec: MlDsaSpec, seed: Buffer): Buffer {
  const { secretKey, publicKey } = ML_DSA[spec].impl.keygen(seed);
  secretKey.fill(0);
  return encodeSpki(ML_DSA[spec].oid, publicKey);
}

function mlKemPublicKey(spec: MlKemSpec, seed: Buffer): Buffer {
  const { secretKey, publicKey } = ML_KEM[spec].impl.keygen(seed);
  secretKey.fill(0);
  return encodeSpki(ML_KEM[spec].oid, publicKey);
}
