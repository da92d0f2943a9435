import { keyArn } from "../../core/kms/identifiers.js";
import { authorizeAccountAction } from "./account-actions.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { decodeMarker, encodeMarker } from "./pagination.js";

export function makeListKeys(deps: Pick<KmsDeps, "keys" | "authorize">): KmsHandler<"ListKeys"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:ListKeys");
    const limit = input.Limit ?? 100;
    const page = await deps.keys.list(ctx.caller.accountId, ctx.region, decodeMarker(input.Marker), limit);
    const keys = page.keys.map((k) => ({ KeyId: k.keyId, KeyArn: keyArn({ partition: ctx.partition, region: k.region, accountId: k.accountId }, k.keyId) }));
    const last = page.keys[page.keys.length - 1];
    return { Keys: keys, Truncated: page.truncated, ...(page.truncated && last ? { NextMarker: encodeMarker(last.keyId) } : {}) };
  };
}
