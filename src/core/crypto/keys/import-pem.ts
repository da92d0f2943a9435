import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { SecretBytes } from "../../secret-bytes.js";
import { encodeSeedPkcs8 } from "./der.js";
import { publicKeyOf } from "./generate.js";
import { EC_CURVES, ML_DSA, ML_DSA_SEED_BYTES, ML_KEM, ML_KEM_SEED_BYTES, RSA_BITS, isEcSpec, isMlDsaSpec, isMlKemSpec, isRsaSpec } from "./params.js";
import { KeyOperationError, type KeySpec } from "./types.js";

/**
 * A PEM private key given for `spec` (the emulator's seed files), checked to be of that spec, in
 * the encoding the store keeps (PKCS#8 DER) with its public key. RSA, NIST/SECG curves and
 * Ed25519 (ML-DSA and ML-KEM keys are seeded by their seeds: privateKeyFromSeed).
 */
export function privateKeyFromPem(spec: KeySpec, pem: string): { privateKey: SecretBytes; publicKey: Buffer } {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch {
    throw new KeyOperationError("unsupported", "the material is not a PEM private key");
  }
  const details = key.asymmetricKeyDetails ?? {};
  const matches = isRsaSpec(spec)
    ? key.asymmetricKeyType === "rsa" && details.modulusLength === RSA_BITS[spec]
    : isEcSpec(spec)
      ? key.asymmetricKeyType === "ec" && details.namedCurve === EC_CURVES[spec].nodeCurve
      : spec === "ECC_NIST_EDWARDS25519" && key.asymmetricKeyType === "ed25519";
  if (!matches) {
    const found = `${key.asymmetricKeyType ?? "unknown"}${details.modulusLength ? ` ${details.modulusLength} bits` : ""}${details.namedCurve ? ` ${details.namedCurve}` : ""}`;
    throw new KeyOperationError("unsupported", `the PEM key is ${found}, not a ${spec} key`);
  }
  return {
    privateKey: SecretBytes.adopt(key.export({ format: "der", type: "pkcs8" })),
    publicKey: createPublicKey(key).export({ format: "der", type: "spki" }),
  };
}

/**
 * An ML-DSA or ML-KEM private key given as its seed (FIPS 204's 32-byte ξ, FIPS 203's 64-byte
 * d ‖ z), the form the store keeps it in, with its public key.
 */
export function privateKeyFromSeed(spec: KeySpec, seed: Buffer): { privateKey: SecretBytes; publicKey: Buffer } {
  const form = isMlDsaSpec(spec) ? { oid: ML_DSA[spec].oid, bytes: ML_DSA_SEED_BYTES } : isMlKemSpec(spec) ? { oid: ML_KEM[spec].oid, bytes: ML_KEM_SEED_BYTES } : undefined;
  if (form === undefined) throw new KeyOperationError("unsupported", `${spec} keys are not given as seeds`);
  if (seed.length !== form.bytes) throw new KeyOperationError("unsupported", `a ${spec} key's seed is ${form.bytes} bytes in base64`);
  const privateKey = SecretBytes.adopt(encodeSeedPkcs8(form.oid, seed));
  return { privateKey, publicKey: publicKeyOf(spec, privateKey) };
}
