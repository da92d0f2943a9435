import { ServiceError } from "../../core/errors.js";
import { fails } from "../../core/kms/custom-key-store.js";
import { authorizeAccountAction } from "./account-actions.js";
import { entryView } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { decodeMarker, encodeMarker } from "./pagination.js";

/** The account's custom key stores in the Region, with their runtime ConnectionState. */
export function makeDescribeCustomKeyStores(deps: Pick<KmsDeps, "customKeyStores" | "keyStores" | "authorize">): KmsHandler<"DescribeCustomKeyStores"> {
  return async (input, ctx) => {
    if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
      throw new ServiceError("ValidationException", "Specify either CustomKeyStoreId or CustomKeyStoreName, not both.");
    }
    await authorizeAccountAction(deps, ctx, "kms:DescribeCustomKeyStores");
    const accountId = ctx.caller.accountId;
    if (input.CustomKeyStoreId !== undefined || input.CustomKeyStoreName !== undefined) {
      const store =
        input.CustomKeyStoreId !== undefined
          ? await deps.customKeyStores.get({ accountId, region: ctx.region, id: input.CustomKeyStoreId })
          : await deps.customKeyStores.findByName(accountId, ctx.region, input.CustomKeyStoreName as string);
      if (store === undefined) throw fails.notFound(input.CustomKeyStoreId !== undefined ? `'${input.CustomKeyStoreId}'` : `named '${input.CustomKeyStoreName}'`);
      return { CustomKeyStores: [entryView(store, deps.keyStores.status(store))], Truncated: false };
    }
    const page = await deps.customKeyStores.list(accountId, ctx.region, decodeMarker(input.Marker), input.Limit ?? 100);
    const last = page.stores[page.stores.length - 1];
    return {
      CustomKeyStores: page.stores.map((store) => entryView(store, deps.keyStores.status(store))),
      Truncated: page.truncated,
      ...(page.truncated && last ? { NextMarker: encodeMarker(last.id) } : {}),
    };
  };
}
