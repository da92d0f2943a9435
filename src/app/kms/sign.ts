import { sign } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, refuseDryRun, withCurrentMaterial } from "./key-use.js";
import { requireSigningInput } from "./signing-rules.js";

export function makeSign(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"Sign"> {
  return async (input, ctx) => {
    const messageType = input.MessageType ?? "RAW";
    const key = await keyForUse(deps, ctx, {
      action: "kms:Sign",
      ref: input.KeyId,
      usage: "SIGN_VERIFY",
      grantTokens: input.GrantTokens,
      conditions: { "kms:SigningAlgorithm": input.SigningAlgorithm, "kms:MessageType": messageType },
    });
    requireSigningInput(key, input.SigningAlgorithm, messageType, input.Message);
    refuseDryRun(input);
    const signature = await withCurrentMaterial(deps, key, (privateKey) => sign(key.keySpec, input.SigningAlgorithm, privateKey, input.Message, messageType));
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  };
}
