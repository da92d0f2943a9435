import { encapsulate } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, publicKeyOf, refuseDryRun } from "./key-use.js";

/** ML-KEM encapsulation to the key's own public key: a fresh shared secret and the ciphertext that carries it. */
export function makeEncapsulate(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "randomBytes">): KmsHandler<"Encapsulate"> {
  return async (input, ctx) => {
    const key = await keyForUse(deps, ctx, { action: "kms:Encapsulate", ref: input.KeyId, usage: "ENCAPSULATE_DECAPSULATE", grantTokens: input.GrantTokens });
    refuseDryRun(input);
    const { ciphertext, sharedSecret } = encapsulate(key.keySpec, publicKeyOf(key), deps.randomBytes);
    return { KeyId: key.arn, SharedSecret: sharedSecret, SharedSecretCiphertextBlob: ciphertext, EncapsulationAlgorithm: "ML_KEM" };
  };
}
