import { fail } from "../../core/errors.js";
import { EMPTY_CONTEXT } from "../../core/kms/encryption-context.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { dataKeyBytes } from "./data-key-size.js";
import { recipientUnsupported } from "./decrypt.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { encryptUnder, usableKey } from "./symmetric.js";

export function makeGenerateDataKey(deps: Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">): KmsHandler<"GenerateDataKey"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const size = dataKeyBytes(input);
    if (input.Recipient !== undefined) throw recipientUnsupported();
    const key = await usableKey(deps, ctx, { action: "kms:GenerateDataKey", ref: input.KeyId, encryptionContext: input.EncryptionContext, grantTokens: input.GrantTokens });
    if (input.DryRun) throw fail.dryRun();
    const plaintext = SecretBytes.adopt(deps.randomBytes(size));
    try {
      const { blob, materialId } = await encryptUnder(deps, key, plaintext, input.EncryptionContext ?? EMPTY_CONTEXT);
      return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: materialId };
    } catch (error) {
      plaintext.dispose();
      throw error;
    }
  };
}
