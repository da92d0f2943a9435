import type { KeyLocator, KmsKey } from "../../core/kms/kms-key.js";
import type { BoundedCacheOptions } from "../bounded-cache.js";
import type { KeyRepository } from "../../ports/key-repository.js";
import { ForgettingCache } from "../forgetting-cache.js";

const cacheKey = (l: KeyLocator) => `${l.accountId}/${l.region}/${l.keyId}`;

/**
 * KMS keys (metadata, state, policy, material list: never key material) kept in memory after
 * first use, so that Encrypt and Decrypt do not read the store for a key they used a moment ago.
 * Every write through this repository forgets the key it wrote, and `forget` is how another
 * process's write reaches this one; `maxAgeMs` bounds how stale an entry can be if a
 * notification is lost. KmsKey values are immutable, so a cached one can be shared.
 */
export class CachedKeyRepository implements KeyRepository {
  readonly #cache: ForgettingCache<KmsKey>;

  constructor(
    private readonly store: KeyRepository,
    options: BoundedCacheOptions,
    /** Told of each key written here, after the write (to tell other processes). */
    private readonly onWrite: (locator: KeyLocator) => void = () => {},
  ) {
    this.#cache = new ForgettingCache<KmsKey>(options);
  }

  get(locator: KeyLocator): Promise<KmsKey | undefined> {
    return this.#cache.read(cacheKey(locator), () => this.store.get(locator));
  }

  /** Drops what is cached of one key (another process changed it). */
  forget(locator: KeyLocator): void {
    this.#cache.forget(cacheKey(locator));
  }

  /** Drops everything (on seal, or when another process's notifications may have been missed). */
  forgetAll(): void {
    this.#cache.forgetAll();
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }

  async create(...args: Parameters<KeyRepository["create"]>): Promise<void> {
    try {
      return await this.store.create(...args);
    } finally {
      this.#written(args[0]);
    }
  }

  async update(...args: Parameters<KeyRepository["update"]>): Promise<boolean> {
    try {
      return await this.store.update(...args);
    } finally {
      this.#written(args[0]);
    }
  }

  async purgeIfDue(...args: Parameters<KeyRepository["purgeIfDue"]>): Promise<boolean> {
    try {
      return await this.store.purgeIfDue(...args);
    } finally {
      this.#written(args[0]);
    }
  }

  wrappedMaterial(...args: Parameters<KeyRepository["wrappedMaterial"]>) {
    return this.store.wrappedMaterial(...args);
  }

  list(...args: Parameters<KeyRepository["list"]>) {
    return this.store.list(...args);
  }

  dueForDeletion(...args: Parameters<KeyRepository["dueForDeletion"]>) {
    return this.store.dueForDeletion(...args);
  }

  dueForMaterialExpiry(...args: Parameters<KeyRepository["dueForMaterialExpiry"]>) {
    return this.store.dueForMaterialExpiry(...args);
  }

  dueForRotation(...args: Parameters<KeyRepository["dueForRotation"]>) {
    return this.store.dueForRotation(...args);
  }

  #written(locator: KeyLocator): void {
    this.forget(locator);
    this.onWrite(locator);
  }
}
