import { ServiceError } from "../../core/errors.js";
import { verifyOffLoop } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { publicKeyOf } from "./key-use.js";
import { signingKeyFor } from "./signing-rules.js";

/** Verify inside Strongbox with the key's public key; a signature that does not verify is KMSInvalidSignatureException, as in AWS. */
export function makeVerify(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"Verify"> {
  return async (input, ctx) => {
    const { key, messageType } = await signingKeyFor(deps, ctx, "kms:Verify", input);
    if (!(await verifyOffLoop(key.keySpec, input.SigningAlgorithm, publicKeyOf(key), input.Message, messageType, input.Signature))) {
      throw new ServiceError("KMSInvalidSignatureException", "The signature is not valid for this message, key and signing algorithm.");
    }
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  };
}
