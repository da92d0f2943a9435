import { keyMetadata } from "../../core/kms/key-metadata.js";
import { authorizeKeyAction } from "../authorize.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { requireGrantTokensValid } from "./grant-tokens.js";

export function makeDescribeKey(deps: Pick<KmsDeps, "resolveKey">): KmsHandler<"DescribeKey"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: true });
    authorizeKeyAction(ctx.caller, "kms:DescribeKey", key);
    return { KeyMetadata: keyMetadata(key) };
  };
}
