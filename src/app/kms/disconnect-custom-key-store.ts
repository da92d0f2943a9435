import { fails } from "../../core/kms/custom-key-store.js";
import { authorizeAccountAction } from "./account-actions.js";
import { saveConnectRequested } from "./connect-custom-key-store.js";
import { loadStore } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

/** Logs out of the token; the store's keys are Unavailable until it is connected again. */
export function makeDisconnectCustomKeyStore(deps: Pick<KmsDeps, "customKeyStores" | "keyStores" | "authorize" | "onKeyStoreConnection">): KmsHandler<"DisconnectCustomKeyStore"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:DisconnectCustomKeyStore");
    const store = await loadStore(deps, ctx, input.CustomKeyStoreId);
    const { state } = deps.keyStores.status(store);
    if (state === "DISCONNECTED" || state === "DISCONNECTING") {
      throw fails.invalidState(`Custom key store ${store.id} is ${state}: DisconnectCustomKeyStore is not valid in that state.`);
    }
    deps.keyStores.disconnect(store);
    await saveConnectRequested(deps, store, false);
    deps.onKeyStoreConnection?.({ accountId: store.accountId, region: store.region, id: store.id }, false);
    return {};
  };
}
