import { ServiceError } from "../../core/errors.js";
import { authorizeAccountAction } from "./account-actions.js";
import { loadStore, requireDisconnected } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

const hasKeys = (id: string) =>
  new ServiceError("CustomKeyStoreHasCMKsException", `Custom key store ${id} contains KMS keys. Schedule their deletion and wait until they are deleted before deleting the store.`);

/** Deletes a DISCONNECTED store that holds no KMS keys. The token and what is in it are untouched. */
export function makeDeleteCustomKeyStore(deps: Pick<KmsDeps, "customKeyStores" | "keyStores" | "authorize">): KmsHandler<"DeleteCustomKeyStore"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:DeleteCustomKeyStore");
    for (let attempt = 0; attempt < 5; attempt++) {
      const store = await loadStore(deps, ctx, input.CustomKeyStoreId);
      requireDisconnected(deps.keyStores.status(store), "DeleteCustomKeyStore", store.id);
      if ((await deps.customKeyStores.countKeys(store)) > 0) throw hasKeys(store.id);
      if (await deps.customKeyStores.deleteIfEmpty(store)) return {};
    }
    throw new ServiceError("ConflictException", `Custom key store ${input.CustomKeyStoreId} kept changing under this request; retry it.`);
  };
}
