import { diffieHellman } from "node:crypto";
import { SecretBytes } from "../../secret-bytes.js";
import { KEY_AGREEMENT_ALGORITHMS } from "./matrix.js";
import { publicKeyObject, withPrivateKeyObject } from "./params.js";
import { KeyOperationError, type KeySpec } from "./types.js";

/**
 * DeriveSharedSecret: the raw output of the EC cofactor Diffie-Hellman primitive (SP 800-56A
 * §5.7.1.2), i.e. the x-coordinate of the shared point, as long as the field (32, 48 or 66 bytes).
 * The peer's key must be DER SubjectPublicKeyInfo on the same curve, else KeyOperationError.
 * OpenSSL checks that the peer's point is on the curve when the key is imported.
 */
export function deriveSharedSecret(spec: KeySpec, privateKey: SecretBytes, peerPublicKeyDer: Buffer): SecretBytes {
  if (spec === "SM2") throw new KeyOperationError("unsupported", "SM2 keys are not supported.");
  if (!KEY_AGREEMENT_ALGORITHMS[spec].includes("ECDH")) {
    throw new KeyOperationError("incompatible-algorithm", `Key spec ${spec} does not support key agreement.`);
  }
  const peer = publicKeyObject(spec, peerPublicKeyDer);
  return withPrivateKeyObject(spec, privateKey, (key) => SecretBytes.adopt(diffieHellman({ privateKey: key, publicKey: peer })));
}
