import { accessKeySecretIdentity, type Barrier } from "../../core/barrier.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { CredentialRepository } from "../../ports/credential-repository.js";
import { BoundedCache } from "../bounded-cache.js";
import type { Caller } from "../context.js";

export interface ResolvedAccessKey {
  readonly caller: Caller;
  readonly secret: SecretBytes;
  /** Derived SigV4 signing keys of this access key, by credential scope; wiped with the entry. */
  readonly signingKeys: Map<string, SecretBytes>;
}

/**
 * Active access keys with their unwrapped secrets, cached briefly so that a signed request does
 * not read and unwrap the secret each time. Entries are wiped on eviction and on seal.
 */
export class AccessKeyDirectory {
  readonly #cache: BoundedCache<ResolvedAccessKey>;

  constructor(
    private readonly deps: { credentials: Pick<CredentialRepository, "find">; barrier: () => Barrier },
    options: { maxEntries: number; maxAgeMs: number; now: () => number },
  ) {
    this.#cache = new BoundedCache<ResolvedAccessKey>({ ...options, onEvict: wipeEntry });
  }

  /**
   * Lends the caller and secret behind an access key id to `fn`, synchronously after loading, so
   * no eviction can wipe them mid-use. `fn` receives undefined for unknown or inactive keys.
   */
  async withAccessKey<T>(accessKeyId: string, fn: (entry: ResolvedAccessKey | undefined) => T): Promise<T> {
    const cached = this.#cache.get(accessKeyId);
    if (cached !== undefined) return fn(cached);
    const record = await this.deps.credentials.find(accessKeyId);
    if (record === undefined || record.status !== "Active") return fn(undefined);
    const secret = this.deps.barrier().open(record.wrappedSecret, accessKeySecretIdentity(accessKeyId));
    if (secret === undefined) throw new Error(`the stored secret of access key ${accessKeyId} does not open`);
    const caller: Caller = { accountId: record.accountId, principalArn: record.principalArn, accessKeyId, principalType: "Root", userId: record.accountId, principalTags: {} };
    return fn(this.#cache.setIfAbsent(accessKeyId, { caller, secret, signingKeys: new Map() }));
  }

  forget(accessKeyId: string): void {
    this.#cache.delete(accessKeyId);
  }

  sweepExpired(): void {
    this.#cache.sweepExpired();
  }

  wipe(): void {
    this.#cache.clear();
  }
}

function wipeEntry(entry: ResolvedAccessKey): void {
  entry.secret.dispose();
  for (const key of entry.signingKeys.values()) key.dispose();
  entry.signingKeys.clear();
}
