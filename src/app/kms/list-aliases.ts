import { aliasArn } from "../../core/kms/identifiers.js";
import { authorizeAccountAction } from "./account-actions.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { decodeMarker, encodeMarker } from "./pagination.js";

/** The API reference caps a ListAliases page at 100 entries (default 50), below the model's 1000. */
const MAX_PAGE = 100;

export function makeListAliases(deps: Pick<KmsDeps, "aliases" | "resolveKey" | "authorize">): KmsHandler<"ListAliases"> {
  return async (input, ctx) => {
    await authorizeAccountAction(deps, ctx, "kms:ListAliases");
    let targetKeyId: string | undefined;
    if (input.KeyId !== undefined) {
      const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
      targetKeyId = key.keyId;
    }
    const limit = Math.min(input.Limit ?? 50, MAX_PAGE);
    const page = await deps.aliases.list(ctx.caller.accountId, ctx.region, {
      limit,
      ...(targetKeyId !== undefined ? { targetKeyId } : {}),
      ...(input.Marker !== undefined ? { afterName: decodeMarker(input.Marker) } : {}),
    });
    const scope = { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
    const aliases = page.aliases.map((a) => ({
      AliasName: a.aliasName,
      AliasArn: aliasArn(scope, a.aliasName),
      TargetKeyId: a.targetKeyId,
      CreationDate: a.createdAt,
      LastUpdatedDate: a.lastUpdatedAt,
    }));
    const last = page.aliases[page.aliases.length - 1];
    return { Aliases: aliases, Truncated: page.truncated, ...(page.truncated && last ? { NextMarker: encodeMarker(last.aliasName) } : {}) };
  };
}
