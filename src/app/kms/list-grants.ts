import { ServiceError } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import { grantPage, grantPageAfter, grantPageLimit, requireGrantId } from "./grant-rules.js";
import type { KmsHandler } from "./handler.js";

export function makeListGrants(deps: Pick<KmsDeps, "grants" | "resolveKey" | "authorizeKey">): KmsHandler<"ListGrants"> {
  return async (input, ctx) => {
    if (input.GrantId !== undefined) requireGrantId(input.GrantId);
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: true });
    await deps.authorizeKey(ctx, { action: "kms:ListGrants", key, conditions: { "kms:GrantIsForAWSResource": false } });
    if (input.GranteeServicePrincipal !== undefined) {
      throw new ServiceError("UnsupportedOperationException", "GranteeServicePrincipal is not supported by Strongbox: it has no AWS services.");
    }
    const after = grantPageAfter(input.Marker);
    const page = await deps.grants.list(key, {
      limit: grantPageLimit(input.Limit),
      ...(after !== undefined ? { after } : {}),
      ...(input.GrantId !== undefined ? { grantId: input.GrantId } : {}),
      ...(input.GranteePrincipal !== undefined ? { granteePrincipal: input.GranteePrincipal } : {}),
    });
    return grantPage(page, ctx.partition);
  };
}
