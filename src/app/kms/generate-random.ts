import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { recipientUnsupported } from "./decrypt.js";
import { authorizeAccountAction } from "./account-actions.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

export function makeGenerateRandom(deps: Pick<KmsDeps, "randomBytes" | "authorize">): KmsHandler<"GenerateRandom"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:GenerateRandom");
    if (input.CustomKeyStoreId !== undefined) {
      throw new ServiceError("CustomKeyStoreNotFoundException", `Custom key store '${input.CustomKeyStoreId}' does not exist.`);
    }
    if (input.Recipient !== undefined) throw recipientUnsupported();
    if (input.NumberOfBytes === undefined) {
      throw new ServiceError("ValidationException", "NumberOfBytes is required.");
    }
    return { Plaintext: SecretBytes.adopt(deps.randomBytes(input.NumberOfBytes)) };
  };
}
