import type { WrappingAlgorithm, WrappingKeySpec } from "../../core/crypto/import-wrapping.js";
import { ServiceError } from "../../core/errors.js";
import { requireImportable } from "../../core/kms/imported-material.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import { importConditionKeys } from "../access/condition-keys.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { issueImportToken } from "./import-tokens.js";

/**
 * The wrapping AWS offers for a key's material ("Select a wrapping algorithm"): RSAES_PKCS1_V1_5
 * is withdrawn (October 2023), SM2 wrapping exists only in China Regions, an RSA private key is
 * too long for RSA-OAEP alone, and so is a P-521 private key under an RSA_2048 wrapping key.
 */
function requireWrapping(key: KmsKey, algorithm: string, spec: string): { algorithm: WrappingAlgorithm; spec: WrappingKeySpec } {
  if (algorithm === "RSAES_PKCS1_V1_5") {
    throw new ServiceError("ValidationException", "The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.");
  }
  if (algorithm === "SM2PKE" || spec === "SM2") {
    throw new ServiceError("ValidationException", "SM2 wrapping keys and the SM2PKE wrapping algorithm are offered only in AWS China Regions; use an RSA wrapping key spec.");
  }
  const oaepOnly = algorithm === "RSAES_OAEP_SHA_1" || algorithm === "RSAES_OAEP_SHA_256";
  if (oaepOnly && key.keySpec.startsWith("RSA_")) {
    throw new ServiceError("ValidationException", `${algorithm} cannot wrap RSA private key material (${key.keySpec}); use RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1.`);
  }
  if (oaepOnly && key.keySpec === "ECC_NIST_P521" && spec === "RSA_2048") {
    throw new ServiceError("ValidationException", `${algorithm} with an RSA_2048 wrapping key cannot wrap ECC_NIST_P521 key material; use a longer wrapping key or an RSA_AES_KEY_WRAP algorithm.`);
  }
  return { algorithm: algorithm as WrappingAlgorithm, spec: spec as WrappingKeySpec };
}

export function makeGetParametersForImport(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "barrier">): KmsHandler<"GetParametersForImport"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, {
      action: "kms:GetParametersForImport",
      key,
      conditions: importConditionKeys({ wrappingAlgorithm: input.WrappingAlgorithm, wrappingKeySpec: input.WrappingKeySpec }),
    });
    requireImportable(key);
    const wrapping = requireWrapping(key, input.WrappingAlgorithm, input.WrappingKeySpec);
    const issued = await issueImportToken(deps.barrier, key, wrapping, ctx.now);
    return { KeyId: key.arn, ImportToken: issued.importToken, PublicKey: issued.publicKey, ParametersValidTo: issued.validTo };
  };
}
