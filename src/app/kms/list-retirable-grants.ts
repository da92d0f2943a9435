import { ServiceError } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import { grantPage, grantPageAfter, grantPageLimit, requirePrincipalArn } from "./grant-rules.js";
import type { KmsHandler } from "./handler.js";

/**
 * The grants in this Region, on keys of any account, whose retiring principal is the one named.
 * AWS authorizes this with the caller's IAM policies alone, the resource being that principal,
 * which must be in the caller's account; the keys and grants listed are not checked.
 */
export function makeListRetirableGrants(deps: Pick<KmsDeps, "grants" | "authorize">): KmsHandler<"ListRetirableGrants"> {
  return async (input, ctx) => {
    if (input.RetiringServicePrincipal !== undefined) {
      throw new ServiceError("UnsupportedOperationException", "RetiringServicePrincipal is not supported by Strongbox: it has no AWS services.");
    }
    if (input.RetiringPrincipal === undefined) {
      throw new ServiceError("ValidationException", "1 validation error detected: Value null at 'retiringPrincipal' failed to satisfy constraint: Member must not be null");
    }
    const accountId = requirePrincipalArn("RetiringPrincipal", input.RetiringPrincipal, ctx.partition);
    await deps.authorize(ctx, { action: "kms:ListRetirableGrants", resource: input.RetiringPrincipal, resourceAccountId: accountId });
    const after = grantPageAfter(input.Marker);
    const page = await deps.grants.listRetirable(ctx.region, input.RetiringPrincipal, { limit: grantPageLimit(input.Limit), ...(after !== undefined ? { after } : {}) });
    return grantPage(page, ctx.partition);
  };
}
