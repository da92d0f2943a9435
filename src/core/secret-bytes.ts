const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

/**
 * Key material and other secret bytes. The buffer is private: callers borrow it inside `use`,
 * and whoever owns the value calls `dispose()` to zero it. Printing, logging or JSON-encoding a
 * SecretBytes never shows its content. `exposeSecretBytes` is the one raw export, so a search
 * for it finds every place secret bytes leave this type.
 */
export class SecretBytes {
  #bytes: Buffer;
  #disposed = false;
  /** Values computed from the bytes (a parsed key object), which live exactly as long as they do. */
  #derived: Map<string, unknown> | undefined;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Copies `source` into a fresh zero-initialised buffer; the caller keeps ownership of `source`. */
  static copyOf(source: Uint8Array): SecretBytes {
    const bytes = Buffer.alloc(source.length);
    bytes.set(source);
    return new SecretBytes(bytes);
  }

  /** Encodes a string straight into a fresh buffer (no pooled temporary copy is left behind). */
  static fromUtf8(text: string): SecretBytes {
    const bytes = Buffer.alloc(Buffer.byteLength(text, "utf8"));
    bytes.write(text, 0, "utf8");
    return new SecretBytes(bytes);
  }

  /**
   * Decodes base64 text of a known decoded length straight into a fresh buffer (no pooled
   * temporary copy is left behind). The caller has checked the text and its length.
   */
  static fromBase64(text: string, length: number): SecretBytes {
    const bytes = Buffer.alloc(length);
    const written = bytes.write(text, 0, "base64");
    if (written !== length) {
      bytes.fill(0);
      throw new RangeError(`base64 text decoded to ${written} bytes, not ${length}`);
    }
    return new SecretBytes(bytes);
  }

  /** Takes ownership of `bytes`: they will be zeroed on dispose. */
  static adopt(bytes: Buffer): SecretBytes {
    return new SecretBytes(bytes);
  }

  get length(): number {
    return this.#bytes.length;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Lends the bytes to `fn`; they must not be kept after it returns. */
  use<T>(fn: (bytes: Buffer) => T): T {
    if (this.#disposed) throw new Error("SecretBytes used after dispose");
    return fn(this.#bytes);
  }

  /**
   * A value computed from the bytes once and kept with them (a private key parsed into a
   * node:crypto KeyObject, so Sign does not parse the DER on every call). `dispose()` drops it:
   * the object is then garbage, and OpenSSL clears a key's private components when it frees them.
   */
  derived<T>(name: string, compute: (bytes: Buffer) => T): T {
    if (this.#disposed) throw new Error("SecretBytes used after dispose");
    if (this.#derived?.has(name)) return this.#derived.get(name) as T;
    const value = compute(this.#bytes);
    (this.#derived ??= new Map()).set(name, value);
    return value;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#bytes.fill(0);
    this.#derived = undefined;
    this.#disposed = true;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectCustom](): string {
    return `SecretBytes(${REDACTED}, ${this.#bytes.length} bytes)`;
  }
}

/** The one raw export: a copy of the secret bytes that the caller now owns and must wipe. */
export function exposeSecretBytes(secret: SecretBytes): Buffer {
  return secret.use((bytes) => Buffer.from(bytes));
}
