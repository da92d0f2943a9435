import { BoundedCache, type BoundedCacheOptions } from "./bounded-cache.js";

/**
 * A bounded cache in front of a store, for values that writes can change: `read` loads what is
 * missing, `forget` drops an entry after a write. A load that overlapped a forget may have read
 * the row as it was before that write, so its result is returned but not kept.
 */
export class ForgettingCache<V> {
  readonly #cache: BoundedCache<V>;
  #forgets = 0;

  constructor(options: BoundedCacheOptions) {
    this.#cache = new BoundedCache<V>(options);
  }

  async read(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const forgets = this.#forgets;
    const value = await load();
    if (value === undefined || forgets !== this.#forgets) return value;
    return this.#cache.setIfAbsent(key, value);
  }

  forget(key: string): void {
    this.#forgets += 1;
    this.#cache.delete(key);
  }

  forgetAll(): void {
    this.#forgets += 1;
    this.#cache.clear();
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }
}
