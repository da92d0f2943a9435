import { fail } from "../../core/errors.js";
import { decapsulate, KeyOperationError } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, refuseDryRun, withCurrentMaterial } from "./key-use.js";

/**
 * ML-KEM decapsulation. A ciphertext of the wrong length is InvalidCiphertextException, as AWS
 * documents; any other ciphertext yields a shared secret (ML-KEM's implicit rejection: a
 * ciphertext that was not made for this key gives a secret nobody else has).
 */
export function makeDecapsulate(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"Decapsulate"> {
  return async (input, ctx) => {
    const key = await keyForUse(deps, ctx, { action: "kms:Decapsulate", ref: input.KeyId, usage: "ENCAPSULATE_DECAPSULATE", grantTokens: input.GrantTokens });
    try {
      const secret = await withCurrentMaterial(deps, key, (privateKey) => decapsulate(key.keySpec, privateKey, input.SharedSecretCiphertextBlob));
      if (input.DryRun) {
        secret.dispose();
        refuseDryRun(input);
      }
      return { KeyId: key.arn, SharedSecret: secret, EncapsulationAlgorithm: "ML_KEM" };
    } catch (error) {
      if (error instanceof KeyOperationError) throw fail.invalidCiphertext();
      throw error;
    }
  };
}
