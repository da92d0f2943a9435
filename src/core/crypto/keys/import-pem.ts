import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { SecretBytes } from "../../secret-bytes.js";
import { EC_CURVES, RSA_BITS, isEcSpec, isRsaSpec } from "./params.js";
import { KeyOperationError, type KeySpec } from "./types.js";

/**
 * A PEM private key given for `spec` (the emulator's seed files), checked to be of that spec, in
 * the encoding the store keeps (PKCS#8 DER) with its public key. RSA, NIST/SECG curves and
 * Ed25519; the ML-DSA and ML-KEM seed forms have no PEM convention yet and are refused.
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
