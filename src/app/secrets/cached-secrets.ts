import type { Secret, SecretVersion } from "../../core/secrets/secret.js";
import type { BoundedCacheOptions } from "../bounded-cache.js";
import type { SecretRepository } from "../../ports/secret-repository.js";
import { ForgettingCache } from "../forgetting-cache.js";

/** What a write changed: the secret, the name it is found by, and the versions whose sealed value it wrote. */
export interface SecretWrite {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly versionIds: readonly string[];
}

const nameKey = (accountId: string, region: string, name: string) => `${accountId}/${region}/${name}`;
const versionKey = (arn: string, versionId: string) => `${arn}\n${versionId}`;

/**
 * Secrets (metadata and labels) and their versions (sealed values: ciphertext only, never a
 * plaintext) kept in memory after first use, so a GetSecretValue of a secret read a moment ago
 * does not read the store. Every write through this repository forgets what it wrote, and
 * `forget` is how another process's write reaches this one; `maxAgeMs` bounds how stale an entry
 * can be if that message is lost. A version is written once, except when UpdateSecret moves it to
 * another key or PutSecretValue fills a rotation's empty version: those writes name it.
 * Versions pruned as deprecated may stay readable by id from here until they age out.
 */
export class CachedSecretRepository implements SecretRepository {
  readonly #secrets: ForgettingCache<Secret>;
  readonly #arnsByName: ForgettingCache<string>;
  readonly #versions: ForgettingCache<SecretVersion>;

  constructor(
    private readonly store: SecretRepository,
    options: BoundedCacheOptions,
    /** Told of each write here, after it (to tell other processes). */
    private readonly onWrite: (write: SecretWrite) => void = () => {},
  ) {
    this.#secrets = new ForgettingCache<Secret>(options);
    this.#arnsByName = new ForgettingCache<string>(options);
    this.#versions = new ForgettingCache<SecretVersion>(options);
  }

  getByArn(arn: string): Promise<Secret | undefined> {
    return this.#secrets.read(arn, () => this.store.getByArn(arn));
  }

  async getByName(accountId: string, region: string, name: string): Promise<Secret | undefined> {
    const key = nameKey(accountId, region, name);
    const arn = await this.#arnsByName.read(key, async () => (await this.store.getByName(accountId, region, name))?.arn);
    if (arn === undefined) return undefined;
    const secret = await this.getByArn(arn);
    if (secret !== undefined && secret.name === name) return secret;
    // The name's secret was deleted (and perhaps made again, with another ARN) since it was cached.
    this.#arnsByName.forget(key);
    return this.store.getByName(accountId, region, name);
  }

  version(arn: string, versionId: string): Promise<SecretVersion | undefined> {
    return this.#versions.read(versionKey(arn, versionId), () => this.store.version(arn, versionId));
  }

  /** Drops what is cached of a secret (another process wrote it). */
  forget(write: SecretWrite): void {
    this.#secrets.forget(write.arn);
    this.#arnsByName.forget(nameKey(write.accountId, write.region, write.name));
    for (const versionId of write.versionIds) this.#versions.forget(versionKey(write.arn, versionId));
  }

  forgetAll(): void {
    this.#secrets.forgetAll();
    this.#arnsByName.forgetAll();
    this.#versions.forgetAll();
  }

  sweepExpired(): void {
    this.#secrets.sweepExpired();
    this.#arnsByName.sweepExpired();
    this.#versions.sweepExpired();
  }

  async create(secret: Secret, version?: SecretVersion): Promise<boolean> {
    try {
      return await this.store.create(secret, version);
    } finally {
      this.#written(secret, version !== undefined ? [version.versionId] : []);
    }
  }

  async update(secret: Secret, changes?: Parameters<SecretRepository["update"]>[1]): Promise<boolean> {
    try {
      return await this.store.update(secret, changes);
    } finally {
      const versionIds = [...(changes?.newVersion !== undefined ? [changes.newVersion.versionId] : []), ...(changes?.reencrypted ?? []).map((v) => v.versionId)];
      this.#written(secret, versionIds);
    }
  }

  async purge(secret: { readonly arn: string; readonly revision: number }): Promise<boolean> {
    const known = await this.getByArn(secret.arn);
    try {
      return await this.store.purge(secret);
    } finally {
      if (known !== undefined) this.#written(known, []);
      else this.#secrets.forget(secret.arn);
    }
  }

  async recordAccess(arn: string, versionId: string, day: Date): Promise<void> {
    try {
      return await this.store.recordAccess(arn, versionId, day);
    } finally {
      // Only the access day changed: this process reads it again; the others may write the same
      // day once more (the write does nothing then), so no message is sent for it.
      this.#secrets.forget(arn);
      this.#versions.forget(versionKey(arn, versionId));
    }
  }

  versions(arn: string) {
    return this.store.versions(arn);
  }

  list(accountId: string, region: string, includePlannedDeletion: boolean) {
    return this.store.list(accountId, region, includePlannedDeletion);
  }

  dueForDeletion(now: Date, limit: number) {
    return this.store.dueForDeletion(now, limit);
  }

  dueForRotation(now: Date, limit: number) {
    return this.store.dueForRotation(now, limit);
  }

  pruneVersions(arn: string, keep: number, youngerThan: Date) {
    return this.store.pruneVersions(arn, keep, youngerThan);
  }

  #written(secret: Pick<Secret, "arn" | "accountId" | "region" | "name">, versionIds: readonly string[]): void {
    const write = { arn: secret.arn, accountId: secret.accountId, region: secret.region, name: secret.name, versionIds };
    this.forget(write);
    this.onWrite(write);
  }
}
