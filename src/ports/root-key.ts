import type { SecretBytes } from "../core/secret-bytes.js";

/**
 * Holds the root key and uses it only to wrap and unwrap barrier keys. A software provider keeps
 * it in memory; a PKCS#11 provider keeps it inside the token, where it never leaves.
 */
export interface RootKeyProvider {
  readonly kind: string;
  wrap(plaintext: SecretBytes, identity: string): Promise<Buffer>;
  /** Returns undefined when the blob was not wrapped by this root key for this identity. */
  unwrap(wrapped: Buffer, identity: string): Promise<SecretBytes | undefined>;
  /** Forgets the root key (wipes it from memory, or logs out of the token). */
  close(): void;
}
