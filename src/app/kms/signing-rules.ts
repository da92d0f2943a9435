import { ServiceError } from "../../core/errors.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { MessageType, SigningAlgorithm } from "../../core/kms/operations.js";
import { digestLength, EXTERNAL_MU_BYTES, MESSAGE_TYPES, SIGNING_ALGORITHMS } from "../../core/crypto/keys/index.js";
import type { KmsInputs } from "../../core/kms/operations.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import { keyForUse, refuseDryRun, requireAlgorithm } from "./key-use.js";

/**
 * Sign and Verify checks, as AWS makes them: the algorithm must be one of the key's; the message
 * type one the algorithm takes (ED25519_SHA_512 RAW only, ED25519_PH_SHA_512 DIGEST only,
 * EXTERNAL_MU for ML-DSA alone); a DIGEST as long as the algorithm's hash, an EXTERNAL_MU 64 bytes.
 */
export function requireSigningInput(key: KmsKey, algorithm: SigningAlgorithm, messageType: MessageType, message: Buffer): void {
  requireAlgorithm(key, algorithm, SIGNING_ALGORITHMS[key.keySpec] ?? []);
  if (!MESSAGE_TYPES[algorithm].includes(messageType)) {
    throw new ServiceError("ValidationException", `MessageType ${messageType} is not supported with signing algorithm ${algorithm}; it takes ${MESSAGE_TYPES[algorithm].join(" or ")}.`);
  }
  if (messageType === "DIGEST" && message.length !== digestLength(algorithm)) {
    throw new ServiceError("ValidationException", `Digest is invalid length for algorithm ${algorithm}.`);
  }
  if (messageType === "EXTERNAL_MU" && message.length !== EXTERNAL_MU_BYTES) {
    throw new ServiceError("ValidationException", `An EXTERNAL_MU message must be ${EXTERNAL_MU_BYTES} bytes.`);
  }
}

/** The key for a Sign or Verify request, with every check AWS makes before the signature itself. */
export async function signingKeyFor(
  deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">,
  ctx: RequestContext,
  action: "kms:Sign" | "kms:Verify",
  input: KmsInputs["Sign"],
): Promise<{ key: KmsKey; messageType: MessageType }> {
  const messageType = input.MessageType ?? "RAW";
  const key = await keyForUse(deps, ctx, {
    action,
    ref: input.KeyId,
    usage: "SIGN_VERIFY",
    grantTokens: input.GrantTokens,
    conditions: { "kms:SigningAlgorithm": input.SigningAlgorithm, "kms:MessageType": messageType },
  });
  requireSigningInput(key, input.SigningAlgorithm, messageType, input.Message);
  refuseDryRun(input);
  return { key, messageType };
}
