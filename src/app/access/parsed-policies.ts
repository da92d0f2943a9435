import { parsePolicy, type ParsedPolicy, type PolicyKind } from "../../core/policy/index.js";
import { BoundedCache } from "../bounded-cache.js";

/**
 * Parsed policies by their text: a key policy is parsed once, not on every Encrypt. Documents are
 * validated when written, so a stored one that no longer parses is a fault (the caller fails closed).
 */
export class ParsedPolicies {
  readonly #cache: BoundedCache<ParsedPolicy>;

  constructor(options: { maxEntries: number; maxAgeMs: number; now: () => number }) {
    this.#cache = new BoundedCache<ParsedPolicy>(options);
  }

  get(text: string, kind: PolicyKind): ParsedPolicy {
    const cacheKey = `${kind}\n${text}`;
    const cached = this.#cache.get(cacheKey);
    if (cached !== undefined) return cached;
    return this.#cache.setIfAbsent(cacheKey, parsePolicy(text, kind));
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }
}
