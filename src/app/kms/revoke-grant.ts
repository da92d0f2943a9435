import { fail } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import { grantNotFound, requireGrantId } from "./grant-rules.js";
import type { KmsHandler } from "./handler.js";

/** RevokeGrant is authorized like most operations, by kms:RevokeGrant in the key policy or IAM; it takes no grant token. */
export function makeRevokeGrant(deps: Pick<KmsDeps, "grants" | "resolveKey" | "authorizeKey">): KmsHandler<"RevokeGrant"> {
  return async (input, ctx) => {
    requireGrantId(input.GrantId);
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: true });
    await deps.authorizeKey(ctx, { action: "kms:RevokeGrant", key, conditions: { "kms:GrantIsForAWSResource": false } });
    if ((await deps.grants.get(key, input.GrantId)) === undefined) throw grantNotFound(input.GrantId, key.arn);
    if (input.DryRun) throw fail.dryRun();
    if (!(await deps.grants.delete(key, input.GrantId))) throw grantNotFound(input.GrantId, key.arn);
    return {};
  };
}
