import { ServiceError } from "../../core/errors.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { aliasArnIn, aliasTarget, MAX_ALIASES_PER_KEY, requireCustomerAliasName } from "./alias-rules.js";

export function makeCreateAlias(deps: Pick<KmsDeps, "aliases" | "resolveKey">): KmsHandler<"CreateAlias"> {
  return async (input, ctx) => {
    requireCustomerAliasName(input.AliasName, ctx);
    const key = await aliasTarget(deps, ctx, "kms:CreateAlias", input.TargetKeyId);
    const existing = await deps.aliases.list(key.accountId, key.region, { targetKeyId: key.keyId, limit: MAX_ALIASES_PER_KEY });
    if (existing.aliases.length >= MAX_ALIASES_PER_KEY) {
      throw new ServiceError("LimitExceededException", `${key.arn} already has ${MAX_ALIASES_PER_KEY} aliases, the most a KMS key can have.`);
    }
    const created = await deps.aliases.create({
      accountId: key.accountId,
      region: key.region,
      aliasName: input.AliasName,
      targetKeyId: key.keyId,
      createdAt: ctx.now,
      lastUpdatedAt: ctx.now,
    });
    if (!created) throw new ServiceError("AlreadyExistsException", `An alias with the name ${aliasArnIn(ctx, input.AliasName)} already exists`);
    return {};
  };
}
