import { keyMetadata } from "../../core/kms/key-metadata.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import { requestAliasFacts } from "./request-alias.js";

export function makeDescribeKey(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "customKeyStores" | "keyStores">): KmsHandler<"DescribeKey"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: true, crossAccount: true });
    await deps.authorizeKey(ctx, { action: "kms:DescribeKey", key, conditions: requestAliasFacts(input.KeyId) });
    if (key.customKeyStoreId === undefined) return { KeyMetadata: keyMetadata(key) };
    const locator = { accountId: key.accountId, region: key.region, id: key.customKeyStoreId };
    const store = await deps.customKeyStores.get(locator);
    return { KeyMetadata: keyMetadata(key, { cloudHsmClusterId: store?.clusterId, connected: deps.keyStores.status(locator).state === "CONNECTED" }) };
  };
}
