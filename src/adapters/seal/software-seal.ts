import { GCM_IV_BYTES } from "../../core/crypto/aes-gcm.js";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { openBox, sealBox } from "../../core/sealed-box.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { OpenSeal } from "../../ports/root-key.js";
import type { SealConfig } from "../../ports/system-repository.js";
import { softwareRootKey } from "./software-root-key.js";

/**
 * A root key held in memory and protected by a key-encryption key the operator supplies (derived
 * from a passphrase, or rebuilt from Shamir shares): the root key is a sealed box under it.
 */
export interface SoftwareSealScheme {
  readonly kind: string;
  /** The sealed-box identity the wrapped root key is bound to. */
  readonly identity: string;
  /** The stored configuration, with `wrappedRootKey` (base64) in place. */
  withWrappedRootKey(wrappedRootKey: string): SealConfig;
}

export function wrapRootKey(kek: SecretBytes, rootKey: SecretBytes, identity: string): string {
  return sealBox(kek, 1, secureRandomBytes(GCM_IV_BYTES), rootKey, identity).toString("base64");
}

/** The root key, or undefined when `kek` is not the key that protects it. */
export function unwrapRootKey(kek: SecretBytes, wrappedRootKey: string, identity: string): SecretBytes | undefined {
  return openBox(kek, Buffer.from(wrappedRootKey, "base64"), identity);
}

/** Takes ownership of `rootKey` and `kek`; close() wipes both. */
export function openSoftwareSeal(scheme: SoftwareSealScheme, rootKey: SecretBytes, kek: SecretBytes): OpenSeal {
  const provider = softwareRootKey(scheme.kind, rootKey);
  return {
    rootKey: provider,
    async successor() {
      const nextRoot = SecretBytes.adopt(secureRandomBytes(32));
      const config = scheme.withWrappedRootKey(wrapRootKey(kek, nextRoot, scheme.identity));
      const nextKek = kek.use((bytes) => SecretBytes.copyOf(bytes));
      const seal = openSoftwareSeal(scheme, nextRoot, nextKek);
      return { config, seal, retirePredecessor: async () => undefined, discard: async () => seal.close() };
    },
    close() {
      provider.close();
      kek.dispose();
    },
  };
}
