import { conditionKeysOf, parsePolicy, type ParsedPolicy, type PolicyKind } from "../../core/policy/index.js";
import { BoundedCache, type BoundedCacheOptions } from "../bounded-cache.js";

/** A parsed policy, with what the gate wants to know of it before gathering facts. */
export interface KnownPolicy {
  readonly policy: ParsedPolicy;
  /** Whether it mentions kms:ResourceAliases, the one condition key that costs a store read. */
  readonly readsResourceAliases: boolean;
  /**
   * Whether evaluating it can read the request context at all: a Condition block, or a policy
   * variable (`${aws:username}`) anywhere in the text. The default key policy reads neither, so
   * the context need not be built for it.
   */
  readonly readsContext: boolean;
}

/**
 * Parsed policies by their text: a key policy is parsed once, not on every Encrypt. Documents are
 * validated when written, so a stored one that no longer parses is a fault (the caller fails closed).
 */
export class ParsedPolicies {
  /**
   * One cache per kind, keyed by the text itself: the text comes from a cached record, so the same
   * string is looked up each time and its hash is computed once, where a key built by concatenation
   * was a new 1-2 KB string to hash on every call.
   */
  readonly #byKind: Readonly<Record<PolicyKind, BoundedCache<KnownPolicy>>>;

  constructor(options: BoundedCacheOptions) {
    this.#byKind = { key: new BoundedCache(options), identity: new BoundedCache(options), trust: new BoundedCache(options), resource: new BoundedCache(options) };
  }

  get(text: string, kind: PolicyKind): KnownPolicy {
    const cache = this.#byKind[kind];
    const cached = cache.get(text);
    if (cached !== undefined) return cached;
    const policy = parsePolicy(text, kind);
    const conditionKeys = conditionKeysOf(policy);
    return cache.setIfAbsent(text, { policy, readsResourceAliases: conditionKeys.has("kms:resourcealiases"), readsContext: conditionKeys.size > 0 || text.includes("${") });
  }

  sweepExpired(): void {
    for (const cache of Object.values(this.#byKind)) cache.sweepExpired();
  }
}
