import { GCM_IV_BYTES } from "./crypto/aes-gcm.js";
import { openBox, sealBox, sealedBoxKeyVersion } from "./sealed-box.js";
import type { SecretBytes } from "./secret-bytes.js";

export type RandomBytes = (length: number) => Buffer;

/**
 * The barrier: every secret the store holds is a sealed box under one of these keys. Terms are
 * versions of the barrier key; the newest seals, all open. Owns its keys and wipes them on wipe().
 */
export class Barrier {
  readonly #terms: Map<number, SecretBytes>;
  readonly #activeTerm: number;
  readonly #randomBytes: RandomBytes;

  constructor(terms: ReadonlyMap<number, SecretBytes>, randomBytes: RandomBytes) {
    if (terms.size === 0) throw new Error("barrier needs at least one term");
    this.#terms = new Map(terms);
    this.#activeTerm = Math.max(...terms.keys());
    this.#randomBytes = randomBytes;
  }

  seal(plaintext: SecretBytes, identity: string): Buffer {
    const key = this.#terms.get(this.#activeTerm)!;
    return sealBox(key, this.#activeTerm, this.#randomBytes(GCM_IV_BYTES), plaintext, identity);
  }

  /** Returns undefined when the box is damaged, was sealed for another identity, or names an unknown term. */
  open(box: Buffer, identity: string): SecretBytes | undefined {
    const term = sealedBoxKeyVersion(box);
    const key = term === undefined ? undefined : this.#terms.get(term);
    return key === undefined ? undefined : openBox(key, box, identity);
  }

  /** Every term's key wrapped anew by `wrap` (rotating the root key): the keys themselves do not change. */
  async rewrapTerms(wrap: (key: SecretBytes, term: number) => Promise<Buffer>): Promise<{ term: number; wrapped: Buffer }[]> {
    const rewrapped: { term: number; wrapped: Buffer }[] = [];
    for (const [term, key] of this.#terms) rewrapped.push({ term, wrapped: await wrap(key, term) });
    return rewrapped;
  }

  wipe(): void {
    for (const key of this.#terms.values()) key.dispose();
    this.#terms.clear();
  }
}

export function barrierTermIdentity(term: number): string {
  return `barrier/term/${term}`;
}

export function accessKeySecretIdentity(accessKeyId: string): string {
  return `iam/access-key-secret/${accessKeyId}`;
}
