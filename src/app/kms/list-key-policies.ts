import { DEFAULT_POLICY_NAME } from "../../core/kms/default-key-policy.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { pageOf } from "./pagination.js";

export function makeListKeyPolicies(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"ListKeyPolicies"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:ListKeyPolicies", key });
    const { page, nextMarker } = pageOf([DEFAULT_POLICY_NAME], input.Limit ?? 100, input.Marker);
    return { PolicyNames: page, Truncated: nextMarker !== undefined, ...(nextMarker ? { NextMarker: nextMarker } : {}) };
  };
}
