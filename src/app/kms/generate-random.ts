import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { recipientUnsupported } from "./decrypt.js";
import { authorizeAccountAction } from "./account-actions.js";
import { loadStore } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

export function makeGenerateRandom(deps: Pick<KmsDeps, "randomBytes" | "authorize" | "customKeyStores" | "keyStores">): KmsHandler<"GenerateRandom"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:GenerateRandom");
    const store = input.CustomKeyStoreId !== undefined ? await loadStore(deps, ctx, input.CustomKeyStoreId) : undefined;
    if (input.Recipient !== undefined) throw recipientUnsupported();
    if (input.NumberOfBytes === undefined) {
      throw new ServiceError("ValidationException", "NumberOfBytes is required.");
    }
    // With a CloudHSM key store named, the bytes come from its token's generator, as AWS takes them from the cluster.
    if (store !== undefined) return { Plaintext: deps.keyStores.generateRandom(store, input.NumberOfBytes) };
    return { Plaintext: SecretBytes.adopt(deps.randomBytes(input.NumberOfBytes)) };
  };
}
