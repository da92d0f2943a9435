import { ServiceError, fail } from "../../core/errors.js";
import { parseKeyRef } from "../../core/kms/identifiers.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import { accessDenied } from "../authorize.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import { grantNotFound, requireGrantId, retirableBy } from "./grant-rules.js";
import { requireGrantToken } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";

type Deps = Pick<KmsDeps, "grants" | "resolveKey" | "authorize">;

/** The grant a RetireGrant names: by its token, or by key and grant id (both, when no token). */
async function namedGrant(deps: Deps, input: Parameters<KmsHandler<"RetireGrant">>[0], ctx: RequestContext): Promise<{ key: KmsKey; grantId: string }> {
  if (input.GrantToken === undefined) {
    if (input.KeyId === undefined || input.GrantId === undefined) {
      throw new ServiceError("ValidationException", "Specify a GrantToken, or both KeyId and GrantId.");
    }
    return { key: await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: true }), grantId: requireGrantId(input.GrantId) };
  }
  const claims = requireGrantToken(input.GrantToken);
  const key = await deps.resolveKey(parseKeyRef(claims.keyArn), ctx, { allowAlias: false, crossAccount: true });
  // Both ways of naming the grant at once must name the same grant: ambiguous input is refused.
  const keyMismatch = input.KeyId !== undefined && (await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: true })).arn !== key.arn;
  if (keyMismatch || (input.GrantId !== undefined && input.GrantId !== claims.grantId)) {
    throw new ServiceError("ValidationException", "The KeyId or GrantId does not match the grant that the GrantToken names.");
  }
  return { key, grantId: claims.grantId };
}

/** The account a root ARN names ("arn:aws:iam::<acct>:root"), or undefined for any other principal. */
const rootAccount = (principal: string | undefined): string | undefined => /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(principal ?? "")?.[1];

/**
 * Who retires a grant, as AWS documents it ("Retiring and revoking grants"): the grant itself lets
 * its retiring principal, its grantee (when it allows RetireGrant) and the root of the account that
 * created it retire it; even they are stopped by an explicit Deny on kms:RetireGrant in their
 * identity policies. Beyond them, an identity policy can delegate kms:RetireGrant (it is not
 * effective in a key policy) within the account that created the grant, or within the account
 * that is itself the retiring principal.
 */
export function makeRetireGrant(deps: Deps): KmsHandler<"RetireGrant"> {
  return async (input, ctx) => {
    const { key, grantId } = await namedGrant(deps, input, ctx);
    const grant = await deps.grants.get(key, grantId);
    if (grant === undefined) throw grantNotFound(grantId, key.arn);
    const access = { action: "kms:RetireGrant", resource: key.arn, resourceAccountId: ctx.caller.accountId };
    if (retirableBy(grant, ctx.caller)) {
      await deps.authorize(ctx, { ...access, denyOnly: true });
    } else {
      if (ctx.caller.accountId !== rootAccount(grant.issuingAccount) && ctx.caller.accountId !== rootAccount(grant.retiringPrincipal)) {
        throw accessDenied(ctx, "kms:RetireGrant", key.arn, "because the grant names it neither as retiring principal nor as grantee allowed to retire it");
      }
      await deps.authorize(ctx, access);
    }
    if (input.DryRun) throw fail.dryRun();
    if (!(await deps.grants.delete(key, grantId))) throw grantNotFound(grantId, key.arn);
    return {};
  };
}
