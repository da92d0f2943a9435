import { mac } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { withCurrentMaterial } from "./key-use.js";
import { macKeyFor } from "./mac-rules.js";

export function makeGenerateMac(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"GenerateMac"> {
  return async (input, ctx) => {
    const key = await macKeyFor(deps, ctx, "kms:GenerateMac", input);
    const tag = await withCurrentMaterial(deps, key, (secret) => mac(key.keySpec, input.MacAlgorithm, secret, input.Message));
    return { KeyId: key.arn, Mac: tag, MacAlgorithm: input.MacAlgorithm };
  };
}
