import { ServiceError } from "../../core/errors.js";
import { macMatches, MAC_ALGORITHMS } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { keyForUse, refuseDryRun, requireAlgorithm, withCurrentMaterial } from "./key-use.js";

/** VerifyMac compares in constant time; a MAC that does not match is KMSInvalidMacException, as in AWS. */
export function makeVerifyMac(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"VerifyMac"> {
  return async (input, ctx) => {
    const key = await keyForUse(deps, ctx, {
      action: "kms:VerifyMac",
      ref: input.KeyId,
      usage: "GENERATE_VERIFY_MAC",
      grantTokens: input.GrantTokens,
      conditions: { "kms:MacAlgorithm": input.MacAlgorithm },
    });
    requireAlgorithm(key, input.MacAlgorithm, MAC_ALGORITHMS[key.keySpec] ?? []);
    refuseDryRun(input);
    const valid = await withCurrentMaterial(deps, key, (secret) => macMatches(key.keySpec, input.MacAlgorithm, secret, input.Message, input.Mac));
    if (!valid) throw new ServiceError("KMSInvalidMacException", "The MAC is not valid for this message, key and MAC algorithm.");
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  };
}
