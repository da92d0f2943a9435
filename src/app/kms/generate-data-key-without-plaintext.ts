import { fail } from "../../core/errors.js";
import { EMPTY_CONTEXT } from "../../core/kms/encryption-context.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { dataKeyBytes } from "./data-key-size.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { encryptUnder, usableKey } from "./symmetric.js";

export function makeGenerateDataKeyWithoutPlaintext(
  deps: Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">,
): KmsHandler<"GenerateDataKeyWithoutPlaintext"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const size = dataKeyBytes(input);
    const key = await usableKey(deps, ctx, {
      action: "kms:GenerateDataKeyWithoutPlaintext",
      ref: input.KeyId,
      encryptionContext: input.EncryptionContext,
      grantTokens: input.GrantTokens,
    });
    if (input.DryRun) throw fail.dryRun();
    const plaintext = SecretBytes.adopt(deps.randomBytes(size));
    try {
      const { blob, materialId } = await encryptUnder(deps, key, plaintext, input.EncryptionContext ?? EMPTY_CONTEXT);
      return { CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: materialId };
    } finally {
      plaintext.dispose();
    }
  };
}
