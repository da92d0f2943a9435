import { EMPTY_CONTEXT } from "../../core/kms/encryption-context.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { decryptBlob, dryRunMode, encryptUnder, usableKey } from "./symmetric.js";

/** Decrypts and re-encrypts inside Strongbox: the plaintext never leaves and is wiped at once. */
export function makeReEncrypt(deps: Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">): KmsHandler<"ReEncrypt"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const destination = await usableKey(deps, ctx, {
      action: "kms:ReEncryptTo",
      ref: input.DestinationKeyId,
      algorithm: input.DestinationEncryptionAlgorithm,
      encryptionContext: input.DestinationEncryptionContext,
      grantTokens: input.GrantTokens,
      asymmetric: true,
    });
    const source = await decryptBlob(deps, ctx, "kms:ReEncryptFrom", input.CiphertextBlob, input.SourceEncryptionContext ?? EMPTY_CONTEXT, {
      ...(input.SourceKeyId !== undefined ? { keyRef: input.SourceKeyId } : {}),
      ...(input.SourceEncryptionAlgorithm !== undefined ? { algorithm: input.SourceEncryptionAlgorithm } : {}),
      keyIdMember: "SourceKeyId",
      grantTokens: input.GrantTokens,
      dryRun: dryRunMode(input),
    });
    try {
      const destinationAlgorithm = input.DestinationEncryptionAlgorithm ?? "SYMMETRIC_DEFAULT";
      const { blob, materialId } = await encryptUnder(deps, destination, source.plaintext, input.DestinationEncryptionContext ?? EMPTY_CONTEXT, destinationAlgorithm);
      return {
        CiphertextBlob: blob,
        SourceKeyId: source.key.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: input.SourceEncryptionAlgorithm ?? "SYMMETRIC_DEFAULT",
        DestinationEncryptionAlgorithm: destinationAlgorithm,
        SourceKeyMaterialId: source.materialId,
        DestinationKeyMaterialId: materialId,
      };
    } finally {
      source.plaintext.dispose();
    }
  };
}
