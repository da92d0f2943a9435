import { ServiceError } from "../../core/errors.js";
import { deriveSharedSecret, KeyOperationError } from "../../core/crypto/keys/index.js";
import { recipientUnsupported } from "./decrypt.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, refuseDryRun, withCurrentMaterial } from "./key-use.js";

/** ECDH between the key's private key and the caller's public key (DER SubjectPublicKeyInfo). */
export function makeDeriveSharedSecret(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"DeriveSharedSecret"> {
  return async (input, ctx) => {
    if (input.Recipient !== undefined) throw recipientUnsupported();
    const key = await keyForUse(deps, ctx, {
      action: "kms:DeriveSharedSecret",
      ref: input.KeyId,
      usage: "KEY_AGREEMENT",
      grantTokens: input.GrantTokens,
      conditions: { "kms:KeyAgreementAlgorithm": input.KeyAgreementAlgorithm },
    });
    try {
      const secret = await withCurrentMaterial(deps, key, (privateKey) => deriveSharedSecret(key.keySpec, privateKey, input.PublicKey));
      if (input.DryRun) {
        secret.dispose();
        refuseDryRun(input);
      }
      return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: "ECDH", KeyOrigin: key.origin };
    } catch (error) {
      if (error instanceof KeyOperationError) throw new ServiceError("ValidationException", error.message);
      throw error;
    }
  };
}
