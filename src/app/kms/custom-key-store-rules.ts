import { ServiceError } from "../../core/errors.js";
import { fails, type CustomKeyStore } from "../../core/kms/custom-key-store.js";
import type { CustomKeyStoreEntryView } from "../../core/kms/operations.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import type { KeyStoreStatus } from "./key-stores.js";

/** The caller's store with that id in the request's Region; CustomKeyStoreNotFoundException otherwise. */
export async function loadStore(deps: Pick<KmsDeps, "customKeyStores">, ctx: RequestContext, id: string): Promise<CustomKeyStore> {
  const store = await deps.customKeyStores.get({ accountId: ctx.caller.accountId, region: ctx.region, id });
  if (store === undefined) throw fails.notFound(`'${id}'`);
  return store;
}

/** External key stores (an XKS proxy) are not offered: Strongbox's custom key stores are PKCS#11 tokens. */
export function refuseExternalKeyStore(input: object & { readonly CustomKeyStoreType?: string | undefined }): void {
  const xks = Object.entries(input).some(([member, value]) => member.startsWith("Xks") && value !== undefined);
  if (input.CustomKeyStoreType === "EXTERNAL_KEY_STORE" || xks) {
    throw new ServiceError("UnsupportedOperationException", "External key stores (EXTERNAL_KEY_STORE, XksProxy*) are not supported by Strongbox; use an AWS_CLOUDHSM key store backed by a PKCS#11 token.");
  }
}

export function entryView(store: CustomKeyStore, status: KeyStoreStatus): CustomKeyStoreEntryView {
  return {
    CustomKeyStoreId: store.id,
    CustomKeyStoreName: store.name,
    CloudHsmClusterId: store.clusterId,
    TrustAnchorCertificate: store.trustAnchorCertificate,
    ConnectionState: status.state,
    ...(status.state === "FAILED" && status.errorCode !== undefined ? { ConnectionErrorCode: status.errorCode } : {}),
    CreationDate: store.createdAt,
    CustomKeyStoreType: "AWS_CLOUDHSM",
  };
}

/** A cluster serves one store per account: the same cluster id, or another id mapped to the same token. */
export async function requireClusterFree(
  deps: Pick<KmsDeps, "customKeyStores">,
  accountId: string,
  clusterId: string,
  tokenSerial: string,
  exceptStoreId?: string,
): Promise<void> {
  for (const other of await deps.customKeyStores.listAccount(accountId)) {
    if (other.id === exceptStoreId) continue;
    if (other.clusterId === clusterId || other.tokenSerial === tokenSerial) throw fails.clusterInUse(clusterId);
  }
}

export async function requireNameFree(deps: Pick<KmsDeps, "customKeyStores">, ctx: RequestContext, name: string, exceptStoreId?: string): Promise<void> {
  const holder = await deps.customKeyStores.findByName(ctx.caller.accountId, ctx.region, name);
  if (holder !== undefined && holder.id !== exceptStoreId) throw fails.nameInUse(name);
}

export function requireDisconnected(status: KeyStoreStatus, operation: string, id: string): void {
  if (status.state !== "DISCONNECTED") {
    throw fails.invalidState(`Custom key store ${id} is ${status.state}: ${operation} is valid only when its ConnectionState is DISCONNECTED. Disconnect it first.`);
  }
}
