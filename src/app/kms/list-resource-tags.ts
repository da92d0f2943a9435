import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { pageOf } from "./pagination.js";

/** The API reference caps a ListResourceTags page at 50 (the model allows 1000). */
export function makeListResourceTags(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"ListResourceTags"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:ListResourceTags", key });
    const { page, nextMarker } = pageOf(key.tags, Math.min(input.Limit ?? 50, 50), input.Marker);
    return { Tags: page, Truncated: nextMarker !== undefined, ...(nextMarker ? { NextMarker: nextMarker } : {}) };
  };
}
