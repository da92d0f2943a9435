import { randomFillSync } from "node:crypto";

/** Requests up to this size are served from the pool; larger ones go to the CSPRNG directly. */
const MAX_POOLED = 64;
const POOL_BYTES = 8 * 1024;

/**
 * CSPRNG output drawn in 8 KiB refills and handed out in small pieces (IVs, data keys, ids): one
 * call into OpenSSL per few hundred requests instead of one per request, as node:crypto's own
 * randomUUID does. Each piece is copied into a fresh zeroed buffer that the caller owns, and its
 * bytes in the pool are zeroed at once, so no output is handed out twice and none stays behind.
 */
export class RandomPool {
  readonly #pool = Buffer.alloc(POOL_BYTES);
  #offset = POOL_BYTES;

  /** `length` fresh random bytes (same contract as crypto.randomBytes). */
  readonly take = (length: number): Buffer => {
    if (length > MAX_POOLED) {
      const out = Buffer.alloc(length);
      randomFillSync(out);
      return out;
    }
    if (this.#offset + length > POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const out = Buffer.alloc(length);
    this.#pool.copy(out, 0, this.#offset, this.#offset + length);
    this.#pool.fill(0, this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  };

  /** Zeroes what is left (on seal and at close). */
  wipe(): void {
    this.#pool.fill(0);
    this.#offset = POOL_BYTES;
  }
}
