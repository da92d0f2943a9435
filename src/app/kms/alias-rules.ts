import { ServiceError, fail } from "../../core/errors.js";
import { aliasArn, isReservedAliasName, type KeyRef } from "../../core/kms/identifiers.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { AliasWrite } from "../../ports/alias-repository.js";
import { ADMINISTRABLE, requireKeyState } from "../../core/kms/key-state.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";

/** AWS allows 50 aliases per KMS key. */
export const MAX_ALIASES_PER_KEY = 50;
/** The model's pattern admits ':' but the service does not: letters, digits, '/', '_' and '-' only. */
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

/** Checks a name the caller wants to create, move or delete: `alias/` prefix, characters, not AWS-reserved. */
export function requireCustomerAliasName(aliasName: string, ctx: RequestContext): void {
  if (!aliasName.startsWith("alias/")) {
    throw new ServiceError("ValidationException", 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (!ALIAS_NAME.test(aliasName)) throw new ServiceError("ValidationException", `${aliasName} contains invalid characters for an alias`);
  if (isReservedAliasName(aliasName)) {
    const arn = aliasArn({ partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId }, aliasName);
    throw new ServiceError("NotAuthorizedException", `${arn}: the alias/aws/ prefix is reserved for AWS managed keys.`);
  }
}

/** The key an alias may point at: named by id or ARN, customer managed, in the caller's account, not pending deletion. */
export async function aliasTarget(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">, ctx: RequestContext, action: string, ref: KeyRef): Promise<KmsKey> {
  if (ref.kind === "aliasName" || ref.kind === "aliasArn") throw new ServiceError("ValidationException", "Aliases must refer to keys. Not aliases");
  const key = await deps.resolveKey(ref, ctx, { allowAlias: false, crossAccount: false });
  // An alias lives in its key's account: AWS lets no account name another account's key.
  if (key.accountId !== ctx.caller.accountId) throw fail.keyNotFound(key.arn);
  await deps.authorizeKey(ctx, { action, key });
  if (key.keyManager !== "CUSTOMER") throw new ServiceError("NotAuthorizedException", `${key.arn} is an AWS managed key; aliases can point only at customer managed keys.`);
  requireKeyState(key, ADMINISTRABLE);
  return key;
}

/** The alias half of an alias operation's permissions: the caller's identity policies on the alias ARN. */
export async function authorizeAlias(deps: Pick<KmsDeps, "authorize">, ctx: RequestContext, action: string, aliasName: string): Promise<void> {
  await deps.authorize(ctx, { action, resource: aliasArnIn(ctx, aliasName), resourceAccountId: ctx.caller.accountId });
}

export function aliasArnIn(ctx: RequestContext, aliasName: string): string {
  return aliasArn({ partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId }, aliasName);
}

/** The AWS error for an alias write the store refused (its checks run inside the write). */
export function aliasWriteFailure(outcome: Exclude<AliasWrite, "done">, ctx: RequestContext, aliasName: string, target: KmsKey): ServiceError {
  switch (outcome) {
    case "name-taken":
      return new ServiceError("AlreadyExistsException", `An alias with the name ${aliasArnIn(ctx, aliasName)} already exists`);
    case "alias-missing":
      return fail.aliasNotFound(aliasArnIn(ctx, aliasName));
    case "key-limit":
      return new ServiceError("LimitExceededException", `${target.arn} already has ${MAX_ALIASES_PER_KEY} aliases, the most a KMS key can have.`);
    case "key-gone":
      return new ServiceError("KMSInvalidStateException", `${target.arn} is pending deletion.`);
  }
}
