import { ServiceError } from "../../core/errors.js";
import { verify } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, publicKeyOf, refuseDryRun } from "./key-use.js";
import { requireSigningInput } from "./signing-rules.js";

/** Verify inside Strongbox with the key's public key; a signature that does not verify is KMSInvalidSignatureException, as in AWS. */
export function makeVerify(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"Verify"> {
  return async (input, ctx) => {
    const messageType = input.MessageType ?? "RAW";
    const key = await keyForUse(deps, ctx, {
      action: "kms:Verify",
      ref: input.KeyId,
      usage: "SIGN_VERIFY",
      grantTokens: input.GrantTokens,
      conditions: { "kms:SigningAlgorithm": input.SigningAlgorithm, "kms:MessageType": messageType },
    });
    requireSigningInput(key, input.SigningAlgorithm, messageType, input.Message);
    refuseDryRun(input);
    if (!verify(key.keySpec, input.SigningAlgorithm, publicKeyOf(key), input.Message, messageType, input.Signature)) {
      throw new ServiceError("KMSInvalidSignatureException", "The signature is not valid for this message, key and signing algorithm.");
    }
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  };
}
