/** How often lookups found their entry (read by the metrics endpoint; several caches may share one). */
export interface CacheCounts {
  hits: number;
  misses: number;
}

export interface BoundedCacheOptions {
  readonly maxEntries: number;
  readonly maxAgeMs: number;
  readonly now: () => number;
  /** Where `get` counts its hits and misses; a cache of its own if not given. */
  readonly counts?: CacheCounts;
}

/**
 * A cache bounded in entries and in age, least recently used first out. Values leaving the
 * cache (evicted, expired, deleted, cleared) are handed to `onEvict`, which wipes secrets.
 * Expired entries leave when touched by any call, and when `sweepExpired` runs on a timer.
 */
export class BoundedCache<V> {
  /** Least recently used first. */
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  /** Insertion order, which is expiry order since every entry lives maxAgeMs. */
  readonly #expiry = new Map<string, number>();
  /** No entry expires before this (it may be earlier than the true first expiry, never later). */
  #nextExpiry = Number.POSITIVE_INFINITY;

  /** Two integers bumped per lookup: the hot path pays nothing more for metrics. */
  readonly counts: CacheCounts;

  constructor(private readonly options: BoundedCacheOptions & { onEvict?: (value: V) => void }) {
    this.counts = options.counts ?? { hits: 0, misses: 0 };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A lookup: counted as a hit or a miss. */
  get(key: string): V | undefined {
    const value = this.#touch(key);
    if (value === undefined) this.counts.misses += 1;
    else this.counts.hits += 1;
    return value;
  }

  #touch(key: string): V | undefined {
    this.sweepExpired();
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` unless the key is present already; returns the value now cached. */
  setIfAbsent(key: string, value: V): V {
    const existing = this.#touch(key);
    if (existing !== undefined) {
      if (existing !== value) this.options.onEvict?.(value);
      return existing;
    }
    const expiresAt = this.options.now() + this.options.maxAgeMs;
    this.#entries.set(key, { value, expiresAt });
    this.#expiry.set(key, expiresAt);
    if (expiresAt < this.#nextExpiry) this.#nextExpiry = expiresAt;
    while (this.#entries.size > this.options.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.delete(oldest);
    }
    return value;
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#expiry.delete(key);
    this.options.onEvict?.(entry.value);
  }

  deleteWhere(predicate: (key: string) => boolean): void {
    for (const key of [...this.#entries.keys()]) if (predicate(key)) this.delete(key);
  }

  /** Evicts every expired entry; costs only as much as there are expired entries. */
  sweepExpired(): void {
    const now = this.options.now();
    if (now < this.#nextExpiry) return;
    for (const [key, expiresAt] of this.#expiry) {
      if (expiresAt > now) {
        this.#nextExpiry = expiresAt;
        return;
      }
      this.delete(key);
    }
    this.#nextExpiry = Number.POSITIVE_INFINITY;
  }

  clear(): void {
    for (const key of [...this.#entries.keys()]) this.delete(key);
  }
}
