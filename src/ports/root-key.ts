import type { SecretBytes } from "../core/secret-bytes.js";
import type { SealConfig } from "./system-repository.js";

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

/**
 * An unsealed seal: the root key, and what protects it (the unseal key the shares rebuilt, the
 * passphrase's key, or the HSM session), held while the service is unsealed so the root key can be
 * rotated online. Sealing closes it.
 */
export interface OpenSeal {
  readonly rootKey: RootKeyProvider;
  /**
   * A fresh root key protected the same way, and the seal configuration that records it. Nothing
   * is stored: the caller commits `config`, then calls `retire` on the old seal's leftovers (an
   * HSM key object), or `discard` on the successor when the commit failed.
   */
  successor(): Promise<SealSuccessor>;
  close(): void;
}

export interface SealSuccessor {
  readonly config: SealConfig;
  readonly seal: OpenSeal;
  /** Deletes what only the replaced root key needed (after the new configuration is committed). */
  retirePredecessor(): Promise<void>;
  /** Undoes the successor (the commit failed). */
  discard(): Promise<void>;
}

/** How the software seals open (adapters/seal), handed to the seal controller by main. */
export interface SealOpeners {
  /** The open seal, or undefined when the passphrase is wrong. The passphrase is borrowed. */
  passphrase(config: Extract<SealConfig, { type: "passphrase" }>, passphrase: SecretBytes): Promise<OpenSeal | undefined>;
  /** A share's bytes from its text (owned by the caller), or undefined when it is not a share. */
  decodeShare(text: SecretBytes): SecretBytes | undefined;
  isShareOf(config: Extract<SealConfig, { type: "shamir" }>, share: SecretBytes): boolean;
  /** Opens the seal from `threshold` distinct shares (borrowed). */
  shamir(config: Extract<SealConfig, { type: "shamir" }>, shares: readonly SecretBytes[]): Promise<OpenSeal | undefined>;
  /** Opens an HSM seal through the token (auto-unseal); throws when the token cannot be used. */
  hsm(config: Extract<SealConfig, { type: "pkcs11" }>): Promise<OpenSeal>;
}
