import { signOffLoop } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { withCurrentMaterial } from "./key-use.js";
import { signingKeyFor } from "./signing-rules.js";

export function makeSign(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"Sign"> {
  return async (input, ctx) => {
    const { key, messageType } = await signingKeyFor(deps, ctx, "kms:Sign", input);
    const signature = await withCurrentMaterial(deps, key, (privateKey) => signOffLoop(key.keySpec, input.SigningAlgorithm, privateKey, input.Message, messageType));
    return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  };
}
