import { constants, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { ed25519ph } from "@noble/curves/ed25519.js";
import type { SecretBytes } from "../../secret-bytes.js";
import { decodeEcPkcs8Scalar, decodeEd25519Pkcs8Seed } from "./der.js";
import { digestLength, EXTERNAL_MU_BYTES, MESSAGE_TYPES, SIGNING_ALGORITHMS } from "./matrix.js";
import { mlDsaSign, mlDsaVerify } from "./ml-dsa.js";
import {
  EC_CURVES,
  ecPointOf,
  ed25519PointOf,
  isEcSpec,
  isMlDsaSpec,
  isRsaSpec,
  publicKeyObject,
  shaOf,
  withPrivateKeyObject,
  type EcSpec,
} from "./params.js";
import { pkcs1SignDigest, pkcs1VerifyDigest, pssSignDigest, pssVerifyDigest } from "./rsa-digest.js";
import { KeyOperationError, type KeySpec, type MessageType, type SigningAlgorithm } from "./types.js";

/**
 * Signs `message` as AWS KMS Sign does. RAW messages are hashed by the algorithm; DIGEST messages
 * are the hash and are signed without hashing again (RSA: DigestInfo / PSS encoding of the digest;
 * ECDSA: the digest is the e of FIPS 186-5). ECDSA signatures are DER, as AWS returns them.
 * ED25519_PH_SHA_512 takes a 64-byte SHA-512 DIGEST and, as AWS documents, still applies the
 * Ed25519ph SHA-512 prehash to it ("the input is hashed twice: once by you and once by KMS").
 */
export function sign(spec: KeySpec, algorithm: SigningAlgorithm, privateKey: SecretBytes, message: Buffer, messageType: MessageType): Buffer {
  requireSigningInput(spec, algorithm, message, messageType);
  if (isMlDsaSpec(spec)) return mlDsaSign(spec, privateKey, message, messageType === "EXTERNAL_MU");
  if (algorithm === "ED25519_PH_SHA_512") {
    // node:crypto (OpenSSL 3.0) has no Ed25519ph. The seed is read in place; the library's
    // internal expansion of it (SHA-512 halves, bigint scalar) cannot be wiped from JavaScript.
    return privateKey.use((der) => Buffer.from(ed25519ph.sign(message, decodeEd25519Pkcs8Seed(der))));
  }
  if (isEcSpec(spec) && messageType === "DIGEST") return ecdsaSignDigest(spec, privateKey, message);
  const hash = algorithm === "ED25519_SHA_512" ? null : shaOf(algorithm);
  return withPrivateKeyObject(spec, privateKey, (key) => {
    if (messageType === "RAW") return nodeSign(hash, message, { key, ...rsaOptions(algorithm), dsaEncoding: "der" });
    const sha = hash as "sha256" | "sha384" | "sha512";
    return algorithm.startsWith("RSASSA_PSS") ? pssSignDigest(key, sha, message) : pkcs1SignDigest(key, sha, message);
  });
}

/**
 * `sign`, with an RSA signature over a RAW message computed on libuv's thread pool: an RSA-2048
 * private-key operation costs ten times a whole Encrypt, and off the event loop it no longer holds
 * up every other request. (ECDSA signing, about 30 µs, was measured on the pool too: 2% more
 * requests per second for 17% more CPU per request, so it stays on the event loop.) The key is parsed (and checked) before this returns its promise, so the
 * caller's loan of `privateKey` may end at once; the pool works on the parsed KeyObject. Other
 * specs and DIGEST messages sign synchronously, as `sign` does (for them the hand-off would cost
 * more than it saves).
 */
export async function signOffLoop(spec: KeySpec, algorithm: SigningAlgorithm, privateKey: SecretBytes, message: Buffer, messageType: MessageType): Promise<Buffer> {
  // No await before the key is parsed: the loan of `privateKey` is only good until this returns.
  if (!isRsaSpec(spec) || messageType !== "RAW") return sign(spec, algorithm, privateKey, message, messageType);
  requireSigningInput(spec, algorithm, message, messageType);
  return withPrivateKeyObject(spec, privateKey, (key) => {
    const options = { key, ...rsaOptions(algorithm) };
    return new Promise<Buffer>((resolve, reject) => nodeSign(shaOf(algorithm), message, options, (error, signature) => (error ? reject(error) : resolve(signature))));
  });
}

/** Checks a signature as AWS KMS Verify does; false for any signature that does not verify. */
export function verify(
  spec: KeySpec,
  algorithm: SigningAlgorithm,
  publicKey: Buffer,
  message: Buffer,
  messageType: MessageType,
  signature: Buffer,
): boolean {
  requireSigningInput(spec, algorithm, message, messageType);
  if (isMlDsaSpec(spec)) return mlDsaVerify(spec, publicKey, message, messageType === "EXTERNAL_MU", signature);
  const key = publicKeyObject(spec, publicKey);
  try {
    if (algorithm === "ED25519_PH_SHA_512") {
      // RFC 8032 / FIPS 186-5 strict decoding, not the laxer ZIP-215 rules.
      return ed25519ph.verify(signature, message, ed25519PointOf(key), { zip215: false });
    }
    if (isEcSpec(spec) && messageType === "DIGEST") {
      return EC_CURVES[spec].noble.verify(signature, message, ecPointOf(key), { prehash: false, format: "der", lowS: false });
    }
    const hash = algorithm === "ED25519_SHA_512" ? null : shaOf(algorithm);
    if (messageType === "RAW") return nodeVerify(hash, message, { key, ...rsaOptions(algorithm), dsaEncoding: "der" }, signature);
    const sha = hash as "sha256" | "sha384" | "sha512";
    return algorithm.startsWith("RSASSA_PSS") ? pssVerifyDigest(key, sha, message, signature) : pkcs1VerifyDigest(key, sha, message, signature);
  } catch {
    return false;
  }
}

/**
 * `verify`, with an ECDSA check of a RAW message computed on libuv's thread pool: verifying a
 * P-256 signature costs about 75 µs, half of the rest of a Verify call, and off the event loop it
 * no longer holds up other requests (measured: 18% more Verify calls per second, 6% more CPU per
 * call). Other specs and DIGEST messages verify synchronously, where the hand-off would not pay.
 */
export async function verifyOffLoop(...args: Parameters<typeof verify>): Promise<boolean> {
  const [spec, algorithm, publicKey, message, messageType, signature] = args;
  if (!isEcSpec(spec) || messageType !== "RAW") return verify(...args);
  requireSigningInput(spec, algorithm, message, messageType);
  const key = publicKeyObject(spec, publicKey);
  return new Promise<boolean>((resolve) => {
    try {
      nodeVerify(shaOf(algorithm), message, { key, dsaEncoding: "der" }, signature, (error, valid) => resolve(error === null && valid));
    } catch {
      resolve(false);
    }
  });
}

/**
 * The checks AWS makes before signing: the algorithm is one of the spec's, the message type is
 * one the algorithm takes, and a DIGEST (or μ) has the algorithm's length.
 */
function requireSigningInput(spec: KeySpec, algorithm: SigningAlgorithm, message: Buffer, messageType: MessageType): void {
  if (spec === "SM2") throw new KeyOperationError("unsupported", "SM2 keys are not supported.");
  if (!SIGNING_ALGORITHMS[spec].includes(algorithm)) {
    throw new KeyOperationError("incompatible-algorithm", `Signing algorithm ${algorithm} is not compatible with key spec ${spec}.`);
  }
  if (!MESSAGE_TYPES[algorithm].includes(messageType)) {
    throw new KeyOperationError("incompatible-algorithm", `Message type ${messageType} is not supported with signing algorithm ${algorithm}.`);
  }
  if (messageType === "DIGEST" && message.length !== digestLength(algorithm)) {
    throw new KeyOperationError("invalid-message", `Digest is invalid length for algorithm ${algorithm}: expected ${digestLength(algorithm)} bytes.`);
  }
  if (messageType === "EXTERNAL_MU" && message.length !== EXTERNAL_MU_BYTES) {
    throw new KeyOperationError("invalid-message", `An EXTERNAL_MU message must be ${EXTERNAL_MU_BYTES} bytes.`);
  }
}

/** RSA padding options for node:crypto; PSS uses a salt as long as the hash (AWS: "a 256-bit salt"). */
function rsaOptions(algorithm: SigningAlgorithm): { padding?: number; saltLength?: number } {
  if (algorithm.startsWith("RSASSA_PSS")) return { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digestLength(algorithm) };
  if (algorithm.startsWith("RSASSA_PKCS1")) return { padding: constants.RSA_PKCS1_PADDING };
  return {};
}

/**
 * ECDSA over a caller's digest. node:crypto always hashes what it signs, so this uses @noble/curves
 * with `prehash: false` (deterministic k per RFC 6979). The scalar is read in place from the
 * stored PKCS#8; the library's internal bigint copies cannot be wiped from JavaScript.
 */
function ecdsaSignDigest(spec: EcSpec, privateKey: SecretBytes, digest: Buffer): Buffer {
  const { noble, oid } = EC_CURVES[spec];
  return privateKey.use((der) => Buffer.from(noble.sign(digest, decodeEcPkcs8Scalar(der, oid), { prehash: false, format: "der" })));
}
