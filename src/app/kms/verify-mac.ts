import { ServiceError } from "../../core/errors.js";
import { macMatches } from "../../core/crypto/keys/index.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { withCurrentMaterial } from "./key-use.js";
import { macKeyFor } from "./mac-rules.js";

/** VerifyMac compares in constant time; a MAC that does not match is KMSInvalidMacException, as in AWS. */
export function makeVerifyMac(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "material">): KmsHandler<"VerifyMac"> {
  return async (input, ctx) => {
    const key = await macKeyFor(deps, ctx, "kms:VerifyMac", input);
    const valid = await withCurrentMaterial(deps, key, (secret) => macMatches(key.keySpec, input.MacAlgorithm, secret, input.Message, input.Mac));
    if (!valid) throw new ServiceError("KMSInvalidMacException", "The MAC is not valid for this message, key and MAC algorithm.");
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  };
}
