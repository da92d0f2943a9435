import { MAC_ALGORITHMS } from "../../core/crypto/keys/index.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { KmsInputs } from "../../core/kms/operations.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import { keyForUse, refuseDryRun, requireAlgorithm } from "./key-use.js";

/** The HMAC key for a GenerateMac or VerifyMac request, with AWS's usage, algorithm and DryRun checks. */
export async function macKeyFor(
  deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">,
  ctx: RequestContext,
  action: "kms:GenerateMac" | "kms:VerifyMac",
  input: KmsInputs["GenerateMac"],
): Promise<KmsKey> {
  const key = await keyForUse(deps, ctx, {
    action,
    ref: input.KeyId,
    usage: "GENERATE_VERIFY_MAC",
    grantTokens: input.GrantTokens,
    conditions: { "kms:MacAlgorithm": input.MacAlgorithm },
  });
  requireAlgorithm(key, input.MacAlgorithm, MAC_ALGORITHMS[key.keySpec] ?? []);
  refuseDryRun(input);
  return key;
}
