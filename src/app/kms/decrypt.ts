import { ServiceError } from "../../core/errors.js";
import { EMPTY_CONTEXT } from "../../core/kms/encryption-context.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { decryptBlob, dryRunMode } from "./symmetric.js";

export function makeDecrypt(deps: Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">): KmsHandler<"Decrypt"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    if (input.Recipient !== undefined) throw recipientUnsupported();
    const { key, plaintext, materialId } = await decryptBlob(deps, ctx, "kms:Decrypt", input.CiphertextBlob, input.EncryptionContext ?? EMPTY_CONTEXT, {
      ...(input.KeyId !== undefined ? { keyRef: input.KeyId } : {}),
      ...(input.EncryptionAlgorithm !== undefined ? { algorithm: input.EncryptionAlgorithm } : {}),
      keyIdMember: "KeyId",
      grantTokens: input.GrantTokens,
      dryRun: dryRunMode(input),
    });
    return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: input.EncryptionAlgorithm ?? "SYMMETRIC_DEFAULT", KeyMaterialId: materialId };
  };
}

/** Recipient needs a Nitro Enclaves attestation document checked against AWS's root; Strongbox cannot vouch for one. */
export function recipientUnsupported(): ServiceError {
  return new ServiceError("UnsupportedOperationException", "Recipient (AWS Nitro Enclaves attestation) is not supported by Strongbox.");
}
