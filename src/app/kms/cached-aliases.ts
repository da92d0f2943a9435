import type { Alias, AliasRepository } from "../../ports/alias-repository.js";
import type { BoundedCacheOptions } from "../bounded-cache.js";
import { ForgettingCache } from "../forgetting-cache.js";

const cacheKey = (accountId: string, region: string, aliasName: string) => `${accountId}/${region}/${aliasName}`;

/**
 * Aliases kept in memory after first use, so a call that names `alias/app` does not read the store
 * each time. Writes through this repository forget the alias they wrote; `forget` is how another
 * process's write reaches this one, and `maxAgeMs` bounds staleness if that notification is lost.
 * An alias deleted with its key (the purge cascades in the store) may stay cached until then:
 * it resolves to a key that is gone, which answers NotFoundException as the missing alias would.
 */
export class CachedAliasRepository implements AliasRepository {
  readonly #cache: ForgettingCache<Alias>;

  constructor(
    private readonly store: AliasRepository,
    options: BoundedCacheOptions,
    /** Told of each alias written here, after the write (to tell other processes). */
    private readonly onWrite: (alias: { accountId: string; region: string; aliasName: string }) => void = () => {},
  ) {
    this.#cache = new ForgettingCache<Alias>(options);
  }

  get(accountId: string, region: string, aliasName: string): Promise<Alias | undefined> {
    return this.#cache.read(cacheKey(accountId, region, aliasName), () => this.store.get(accountId, region, aliasName));
  }

  forget(alias: { accountId: string; region: string; aliasName: string }): void {
    this.#cache.forget(cacheKey(alias.accountId, alias.region, alias.aliasName));
  }

  forgetAll(): void {
    this.#cache.forgetAll();
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }

  async create(alias: Alias, maxPerKey: number) {
    try {
      return await this.store.create(alias, maxPerKey);
    } finally {
      this.#written(alias);
    }
  }

  async retarget(accountId: string, region: string, aliasName: string, targetKeyId: string, now: Date, maxPerKey: number) {
    try {
      return await this.store.retarget(accountId, region, aliasName, targetKeyId, now, maxPerKey);
    } finally {
      this.#written({ accountId, region, aliasName });
    }
  }

  async delete(accountId: string, region: string, aliasName: string) {
    try {
      return await this.store.delete(accountId, region, aliasName);
    } finally {
      this.#written({ accountId, region, aliasName });
    }
  }

  list(...args: Parameters<AliasRepository["list"]>) {
    return this.store.list(...args);
  }

  #written(alias: { accountId: string; region: string; aliasName: string }): void {
    this.forget(alias);
    this.onWrite(alias);
  }
}
