import { fail } from "../../core/errors.js";
import { EMPTY_CONTEXT } from "../../core/kms/encryption-context.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { encryptUnder, usableKey } from "./symmetric.js";

export function makeEncrypt(deps: Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">): KmsHandler<"Encrypt"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const key = await usableKey(deps, ctx, {
      action: "kms:Encrypt",
      ref: input.KeyId,
      algorithm: input.EncryptionAlgorithm,
      encryptionContext: input.EncryptionContext,
      grantTokens: input.GrantTokens,
      asymmetric: true,
    });
    if (input.DryRun) throw fail.dryRun();
    const algorithm = input.EncryptionAlgorithm ?? "SYMMETRIC_DEFAULT";
    const { blob } = await encryptUnder(deps, key, input.Plaintext, input.EncryptionContext ?? EMPTY_CONTEXT, algorithm);
    return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: algorithm };
  };
}
