import { mac, MAC_ALGORITHMS } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, refuseDryRun, requireAlgorithm, withCurrentMaterial } from "./key-use.js";

export function makeGenerateMac(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"GenerateMac"> {
  return async (input, ctx) => {
    const key = await keyForUse(deps, ctx, {
      action: "kms:GenerateMac",
      ref: input.KeyId,
      usage: "GENERATE_VERIFY_MAC",
      grantTokens: input.GrantTokens,
      conditions: { "kms:MacAlgorithm": input.MacAlgorithm },
    });
    requireAlgorithm(key, input.MacAlgorithm, MAC_ALGORITHMS[key.keySpec] ?? []);
    refuseDryRun(input);
    const tag = await withCurrentMaterial(deps, key, (secret) => mac(key.keySpec, input.MacAlgorithm, secret, input.Message));
    return { KeyId: key.arn, Mac: tag, MacAlgorithm: input.MacAlgorithm };
  };
}
