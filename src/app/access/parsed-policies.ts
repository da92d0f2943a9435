import { conditionKeysOf, parsePolicy, type ParsedPolicy, type PolicyKind } from "../../core/policy/index.js";
import { BoundedCache } from "../bounded-cache.js";

/** A parsed policy, with what the gate wants to know of it before gathering facts. */
export interface KnownPolicy {
  readonly policy: ParsedPolicy;
  /** Whether it mentions kms:ResourceAliases, the one condition key that costs a store read. */
  readonly readsResourceAliases: boolean;
}

/**
 * Parsed policies by their text: a key policy is parsed once, not on every Encrypt. Documents are
 * validated when written, so a stored one that no longer parses is a fault (the caller fails closed).
 */
export class ParsedPolicies {
  readonly #cache: BoundedCache<KnownPolicy>;

  constructor(options: { maxEntries: number; maxAgeMs: number; now: () => number }) {
    this.#cache = new BoundedCache<KnownPolicy>(options);
  }

  get(text: string, kind: PolicyKind): KnownPolicy {
    const cacheKey = `${kind}\n${text}`;
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const policy = parsePolicy(text, kind);
    return this.#cache.setIfAbsent(cacheKey, { policy, readsResourceAliases: conditionKeysOf(policy).has("kms:resourcealiases") });
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }
}
