import { ServiceError } from "../../core/errors.js";
import type { CustomKeyStore } from "../../core/kms/custom-key-store.js";
import { authorizeAccountAction } from "./account-actions.js";
import { loadStore, refuseExternalKeyStore, requireClusterFree, requireDisconnected, requireNameFree } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

/**
 * Renames a store (in any state, as AWS now allows), or, while it is DISCONNECTED, gives it the
 * token user's new PIN or another cluster id that maps to the same token (AWS: a cluster that
 * shares the original's backup history; here, the token with the same serial number).
 */
export function makeUpdateCustomKeyStore(deps: Pick<KmsDeps, "customKeyStores" | "keyStores" | "authorize">): KmsHandler<"UpdateCustomKeyStore"> {
  return async (input, ctx) => {
    refuseExternalKeyStore(input);
    await authorizeAccountAction(deps, ctx, "kms:UpdateCustomKeyStore");
    for (let attempt = 0; attempt < 5; attempt++) {
      const store = await loadStore(deps, ctx, input.CustomKeyStoreId);
      if (input.KeyStorePassword !== undefined || input.CloudHsmClusterId !== undefined) {
        requireDisconnected(deps.keyStores.status(store), "UpdateCustomKeyStore with KeyStorePassword or CloudHsmClusterId", store.id);
      }
      let updated: CustomKeyStore = store;
      if (input.NewCustomKeyStoreName !== undefined && input.NewCustomKeyStoreName !== store.name) {
        await requireNameFree(deps, ctx, input.NewCustomKeyStoreName, store.id);
        updated = { ...updated, name: input.NewCustomKeyStoreName };
      }
      if (input.CloudHsmClusterId !== undefined && input.CloudHsmClusterId !== store.clusterId) {
        const token = deps.keyStores.describeCluster(input.CloudHsmClusterId);
        if (token.serialNumber !== store.tokenSerial) {
          throw new ServiceError("CloudHsmClusterNotRelatedException", `CloudHSM cluster '${input.CloudHsmClusterId}' maps to another token than the one custom key store ${store.id} was created with.`);
        }
        await requireClusterFree(deps, ctx.caller.accountId, input.CloudHsmClusterId, token.serialNumber, store.id);
        updated = { ...updated, clusterId: input.CloudHsmClusterId };
      }
      if (input.KeyStorePassword !== undefined) updated = { ...updated, sealedPassword: deps.keyStores.sealPassword(store, input.KeyStorePassword) };
      if (updated === store) return {};
      if (await deps.customKeyStores.update({ ...updated, revision: store.revision + 1 })) return {};
      // Another request changed the store (or took the name) meanwhile: decide again on what is stored now.
      if (input.NewCustomKeyStoreName !== undefined) await requireNameFree(deps, ctx, input.NewCustomKeyStoreName, store.id);
    }
    throw new ServiceError("ConflictException", `Custom key store ${input.CustomKeyStoreId} kept changing under this request; retry it.`);
  };
}

