import type { InlinePolicy, IamRepository, PrincipalKind } from "../../ports/iam-repository.js";
import type { BoundedCacheOptions } from "../bounded-cache.js";
import { ForgettingCache } from "../forgetting-cache.js";

/** Whose inline policies changed: a user or role, by its stable id. */
export interface PolicyHolder {
  readonly principalKind: PrincipalKind;
  readonly principalId: string;
}

const cacheKey = (kind: PrincipalKind, principalId: string) => `${kind}/${principalId}`;

/**
 * The IAM repository with each principal's inline policies kept in memory after first read, so
 * that an IAM user's or role session's call does not read its policies from the store every time.
 * Policy writes through it forget the principal's entry before they return (a changed policy
 * applies to the next call); `forget` is how another process's write reaches this one, and
 * `maxAgeMs` bounds staleness if that notification is lost. A deleted user or role leaves its
 * entry to age out: ids are never reused, so nobody reads it again.
 */
export function withCachedInlinePolicies(
  store: IamRepository,
  options: BoundedCacheOptions,
  /** Told of each principal whose policies were written here, after the write (to tell other processes). */
  onWrite: (holder: PolicyHolder) => void = () => {},
): IamRepository & { forget(holder: PolicyHolder): void; forgetAll(): void; sweepExpired(): void } {
  const cache = new ForgettingCache<readonly InlinePolicy[]>(options);
  const written = (principalKind: PrincipalKind, principalId: string) => {
    cache.forget(cacheKey(principalKind, principalId));
    onWrite({ principalKind, principalId });
  };
  return {
    ...store,
    listPolicies: (kind, principalId) => cache.read(cacheKey(kind, principalId), () => store.listPolicies(kind, principalId)).then((policies) => policies ?? []),
    async putPolicy(kind, principalId, policy, size, maxAggregateSize) {
      try {
        return await store.putPolicy(kind, principalId, policy, size, maxAggregateSize);
      } finally {
        written(kind, principalId);
      }
    },
    async deletePolicy(kind, principalId, policyName) {
      try {
        return await store.deletePolicy(kind, principalId, policyName);
      } finally {
        written(kind, principalId);
      }
    },
    forget: (holder) => cache.forget(cacheKey(holder.principalKind, holder.principalId)),
    forgetAll: () => cache.forgetAll(),
    sweepExpired: () => cache.sweepExpired(),
  };
}
