import { fail } from "../../core/errors.js";
import { aliasArn, keyArn, type KeyRef } from "../../core/kms/identifiers.js";
import type { KeyLocator, KmsKey } from "../../core/kms/kms-key.js";
import type { AliasRepository } from "../../ports/alias-repository.js";
import type { KeyRepository } from "../../ports/key-repository.js";
import type { RequestContext } from "../context.js";

export interface ResolveOptions {
  /** Operations such as EnableKey take a key id or key ARN only; aliases are refused there. */
  readonly allowAlias: boolean;
  /**
   * Whether the operation may name a key of another account (AWS's "Cross-account use: Yes":
   * cryptographic operations, DescribeKey, GetKeyRotationStatus and the grant operations). For the
   * rest a key ARN of another account is not found, whatever its key policy says.
   */
  readonly crossAccount: boolean;
}

export type KeyResolver = (ref: KeyRef, ctx: RequestContext, options: ResolveOptions) => Promise<KmsKey>;

/**
 * Finds the key a caller named, in the Region of the request and the account the name implies
 * (the caller's, or the one in an ARN), with AWS's NotFoundException wording when it is not there.
 */
export function makeKeyResolver(deps: { keys: Pick<KeyRepository, "get">; aliases: Pick<AliasRepository, "get"> }): KeyResolver {
  return async (ref, ctx, options) => {
    if ((ref.kind === "keyArn" || ref.kind === "aliasArn") && ref.partition !== ctx.partition) throw fail.invalidKeyId(ref.raw);
    const scope = { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
    switch (ref.kind) {
      case "keyId":
      case "keyArn": {
        const locator: KeyLocator =
          ref.kind === "keyId" ? { ...scope, keyId: ref.keyId } : { accountId: ref.accountId, region: ref.region, keyId: ref.keyId };
        if (locator.region !== ctx.region) throw fail.invalidArnRegion(locator.region);
        const key = options.crossAccount || locator.accountId === ctx.caller.accountId ? await deps.keys.get(locator) : undefined;
        if (key === undefined) throw fail.keyNotFound(keyArn({ ...scope, accountId: locator.accountId, region: locator.region }, locator.keyId));
        return key;
      }
      case "aliasName":
      case "aliasArn": {
        if (!options.allowAlias) throw fail.invalidKeyId(ref.raw);
        const accountId = ref.kind === "aliasArn" ? ref.accountId : scope.accountId;
        const region = ref.kind === "aliasArn" ? ref.region : scope.region;
        if (region !== ctx.region) throw fail.invalidArnRegion(region);
        const alias = options.crossAccount || accountId === ctx.caller.accountId ? await deps.aliases.get(accountId, region, ref.aliasName) : undefined;
        const key = alias && (await deps.keys.get({ accountId, region, keyId: alias.targetKeyId }));
        if (key === undefined) throw fail.aliasNotFound(aliasArn({ ...scope, accountId, region }, ref.aliasName));
        return key;
      }
      case "invalid":
        throw fail.invalidKeyId(ref.raw);
    }
  };
}
