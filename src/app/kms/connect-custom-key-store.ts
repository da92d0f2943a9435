import { fails, type CustomKeyStore } from "../../core/kms/custom-key-store.js";
import { authorizeAccountAction } from "./account-actions.js";
import { loadStore } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

/** Records whether the operator wants the store connected (what a restart restores). */
export async function saveConnectRequested(deps: Pick<KmsDeps, "customKeyStores">, store: CustomKeyStore, connectRequested: boolean): Promise<void> {
  let current: CustomKeyStore | undefined = store;
  for (let attempt = 0; attempt < 5 && current !== undefined; attempt++) {
    if (current.connectRequested === connectRequested) return;
    if (await deps.customKeyStores.update({ ...current, connectRequested, revision: current.revision + 1 })) return;
    current = await deps.customKeyStores.get(current);
  }
}

/**
 * Logs in to the store's token. As in AWS the call succeeds whether or not the connection does:
 * a store that could not connect is FAILED with a ConnectionErrorCode (DescribeCustomKeyStores).
 * A FAILED store must be disconnected before it is connected again.
 */
export function makeConnectCustomKeyStore(deps: Pick<KmsDeps, "customKeyStores" | "keyStores" | "authorize" | "onKeyStoreConnection">): KmsHandler<"ConnectCustomKeyStore"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:ConnectCustomKeyStore");
    const store = await loadStore(deps, ctx, input.CustomKeyStoreId);
    const { state } = deps.keyStores.status(store);
    if (state === "FAILED" || state === "DISCONNECTING") {
      throw fails.invalidState(
        `Custom key store ${store.id} is ${state}: ConnectCustomKeyStore is not valid in that state. To reconnect a FAILED store, disconnect it (DisconnectCustomKeyStore), then connect it.`,
      );
    }
    if (state !== "CONNECTED") deps.keyStores.connect(store);
    await saveConnectRequested(deps, store, true);
    deps.onKeyStoreConnection?.({ accountId: store.accountId, region: store.region, id: store.id }, true);
    return {};
  };
}
