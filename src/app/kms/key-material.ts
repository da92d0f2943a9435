import type { Barrier } from "../../core/barrier.js";
import { generateKeyMaterial } from "../../core/crypto/keys/index.js";
import { keyMaterialIdentity, type KeyLocator, type KeySpec } from "../../core/kms/kms-key.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { KeyRepository, WrappedKeyMaterial } from "../../ports/key-repository.js";
import { BoundedCache, type BoundedCacheOptions } from "../bounded-cache.js";

export type KeyMaterialOptions = BoundedCacheOptions;

/**
 * Unwrapped backing keys, kept in a bounded cache so Encrypt and Decrypt do not read or unwrap
 * key material after first use. The cache owns every unwrapped key and wipes it on eviction,
 * on purge and on seal.
 */
export class KeyMaterialVault {
  readonly #cache: BoundedCache<SecretBytes>;

  constructor(
    private readonly deps: {
      keys: Pick<KeyRepository, "wrappedMaterial">;
      barrier: () => Barrier;
      randomBytes: (n: number) => Buffer;
      /** Told after forget(), so other processes (workers) drop their copies too. */
      onForget?: (locator: KeyLocator) => void;
    },
    options: KeyMaterialOptions,
  ) {
    this.#cache = new BoundedCache<SecretBytes>({ ...options, maxEntries: Math.max(1, options.maxEntries), onEvict: (secret) => secret.dispose() });
  }

  /**
   * Lends the unwrapped backing key to `fn` (synchronously, so no eviction can intervene).
   * Returns undefined when the key has no such material or it does not unwrap.
   */
  async withMaterial<T>(locator: KeyLocator, materialId: string, fn: (material: SecretBytes) => T): Promise<T | undefined> {
    const cacheKey = `${locator.accountId}/${locator.region}/${locator.keyId}/${materialId}`;
    let material = this.#cache.get(cacheKey);
    if (material === undefined) {
      const wrapped = await this.deps.keys.wrappedMaterial(locator, materialId);
      const opened = wrapped && this.deps.barrier().open(wrapped, keyMaterialIdentity(locator, materialId));
      if (opened === undefined) return undefined;
      material = this.#cache.setIfAbsent(cacheKey, opened);
    }
    return fn(material);
  }

  /** Given key material (the emulator's seed files), wrapped under the barrier for storage; the caller keeps and wipes `material`. */
  wrap(locator: KeyLocator, materialId: string, material: SecretBytes): WrappedKeyMaterial {
    return { id: materialId, wrapped: this.deps.barrier().seal(material, keyMaterialIdentity(locator, materialId)) };
  }

  /** New 256-bit backing key from the CSPRNG, wrapped under the barrier for storage. */
  generate(locator: KeyLocator, materialId: string): WrappedKeyMaterial {
    const material = SecretBytes.adopt(this.deps.randomBytes(32));
    try {
      return { id: materialId, wrapped: this.deps.barrier().seal(material, keyMaterialIdentity(locator, materialId)) };
    } finally {
      material.dispose();
    }
  }

  /**
   * The first key material of a new key of any spec, wrapped for storage, with the public key of
   * an asymmetric spec. The private key or secret is wiped once sealed.
   */
  async create(locator: KeyLocator, spec: KeySpec, materialId: string): Promise<{ material: WrappedKeyMaterial; publicKey: Buffer | undefined }> {
    if (spec === "SYMMETRIC_DEFAULT") return { material: this.generate(locator, materialId), publicKey: undefined };
    if (spec === "SM2") throw new Error("SM2 key material is not offered");
    const { privateKey, publicKey } = await generateKeyMaterial(spec, this.deps.randomBytes);
    try {
      return { material: { id: materialId, wrapped: this.deps.barrier().seal(privateKey, keyMaterialIdentity(locator, materialId)) }, publicKey };
    } finally {
      privateKey.dispose();
    }
  }

  /** Drops every cached backing key of one KMS key (its material was deleted), here and, through onForget, in other processes. */
  forget(locator: KeyLocator): void {
    this.drop(locator);
    this.deps.onForget?.({ accountId: locator.accountId, region: locator.region, keyId: locator.keyId });
  }

  /** Drops every cached backing key of one KMS key in this process only (what another process's forget asks). */
  drop(locator: KeyLocator): void {
    const prefix = `${locator.accountId}/${locator.region}/${locator.keyId}/`;
    this.#cache.deleteWhere((key) => key.startsWith(prefix));
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }

  wipe(): void {
    this.#cache.clear();
  }
}
