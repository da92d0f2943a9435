import type { KeyLocator } from "../../core/kms/kms-key.js";
import type { BoundedCacheOptions } from "../bounded-cache.js";
import type { GrantRecord, GrantRepository } from "../../ports/grant-repository.js";
import { ForgettingCache } from "../forgetting-cache.js";

/** Keys with more grants than this are not cached: their callers' grants are looked up by index, as before. */
export const MAX_CACHED_GRANTS_PER_KEY = 50;

/** A key's grants, or the mark of a key with too many to keep. */
type KeyGrants = { readonly grants: readonly GrantRecord[] } | { readonly tooMany: true };

const cacheKey = (l: KeyLocator) => `${l.accountId}/${l.region}/${l.keyId}`;

/**
 * The grant repository with each key's grants kept in memory after first use, so that a caller
 * whom only a grant allows does not read the store on every call (the policy gate asks for the
 * caller's grants whenever the policies alone refuse). A key with more than
 * MAX_CACHED_GRANTS_PER_KEY grants is marked instead, and its callers' grants read by index.
 * CreateGrant, RetireGrant and RevokeGrant through it forget the key's entry before they return
 * (a revoked grant stops allowing at once); `forget` is how another process's write reaches this
 * one, and `maxAgeMs` bounds staleness if that notification is lost.
 */
export function withCachedGrantLookups(
  store: GrantRepository,
  options: BoundedCacheOptions,
  /** Told of each key whose grants were written here, after the write (to tell other processes). */
  onWrite: (key: KeyLocator) => void = () => {},
): GrantRepository & { forget(key: KeyLocator): void; forgetAll(): void; sweepExpired(): void } {
  const cache = new ForgettingCache<KeyGrants>(options);
  const written = (key: KeyLocator) => {
    cache.forget(cacheKey(key));
    onWrite(key);
  };
  const load = async (key: KeyLocator): Promise<KeyGrants> => {
    const page = await store.list(key, { limit: MAX_CACHED_GRANTS_PER_KEY + 1 });
    return page.grants.length > MAX_CACHED_GRANTS_PER_KEY ? { tooMany: true } : { grants: page.grants };
  };
  return {
    ...store,
    async listForKey(key, grantees) {
      if (grantees === undefined) return store.listForKey(key);
      const known = await cache.read(cacheKey(key), () => load(key));
      if (known === undefined || "tooMany" in known) return store.listForKey(key, grantees);
      const wanted = new Set(grantees);
      return known.grants.filter((grant) => wanted.has(grant.granteePrincipal));
    },
    async create(grant, maxPerKey) {
      try {
        return await store.create(grant, maxPerKey);
      } finally {
        written(grant.key);
      }
    },
    async delete(key, grantId) {
      try {
        return await store.delete(key, grantId);
      } finally {
        written(key);
      }
    },
    forget: (key) => cache.forget(cacheKey(key)),
    forgetAll: () => cache.forgetAll(),
    sweepExpired: () => cache.sweepExpired(),
  };
}
