import { Barrier, barrierTermIdentity, type RandomBytes } from "../../core/barrier.js";
import { ServiceError } from "../../core/errors.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { RootKeyProvider } from "../../ports/root-key.js";
import type { SystemRepository } from "../../ports/system-repository.js";

export class SealedError extends ServiceError {
  constructor() {
    super("ServiceUnavailableException", "Strongbox is sealed. An operator must unseal it before it can answer requests.");
  }
}

/**
 * Sealed or unsealed. Unsealing unwraps the barrier terms with the root key; sealing wipes them
 * and tells every holder of unwrapped material (caches) to wipe theirs.
 */
export class Vault {
  #barrier: Barrier | undefined;
  readonly #onSeal: Array<() => void> = [];

  constructor(
    private readonly system: Pick<SystemRepository, "barrierTerms">,
    private readonly randomBytes: RandomBytes,
  ) {}

  get sealed(): boolean {
    return this.#barrier === undefined;
  }

  /** The barrier, or the AWS-style "sealed" error for callers while sealed. */
  barrier(): Barrier {
    if (this.#barrier === undefined) throw new SealedError();
    return this.#barrier;
  }

  onSeal(listener: () => void): void {
    this.#onSeal.push(listener);
  }

  /** Unwraps every barrier term with `rootKey`. Throws if any term does not open: the data dir and root key do not match. */
  async unseal(rootKey: RootKeyProvider): Promise<void> {
    if (this.#barrier !== undefined) return;
    const terms = new Map<number, SecretBytes>();
    try {
      for (const term of await this.system.barrierTerms()) {
        const key = await rootKey.unwrap(term.wrapped, barrierTermIdentity(term.term));
        if (key === undefined) throw new Error(`barrier term ${term.term} does not open with this root key`);
        terms.set(term.term, key);
      }
      if (terms.size === 0) throw new Error("the store holds no barrier key: it was never initialised");
      this.#barrier = new Barrier(terms, this.randomBytes);
    } catch (error) {
      for (const key of terms.values()) key.dispose();
      throw error;
    }
  }

  seal(): void {
    const barrier = this.#barrier;
    this.#barrier = undefined;
    for (const listener of this.#onSeal) listener();
    barrier?.wipe();
  }
}
