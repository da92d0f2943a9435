import { GCM_IV_BYTES } from "../../core/crypto/aes-gcm.js";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { openBox, sealBox } from "../../core/sealed-box.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { RootKeyProvider } from "../../ports/root-key.js";

/** A root key held in process memory (dev file or passphrase-protected). Owns and wipes the key. */
export function softwareRootKey(kind: string, rootKey: SecretBytes): RootKeyProvider {
  return {
    kind,
    async wrap(plaintext, identity) {
      return sealBox(rootKey, 1, secureRandomBytes(GCM_IV_BYTES), plaintext, `root/${identity}`);
    },
    async unwrap(wrapped, identity) {
      return openBox(rootKey, wrapped, `root/${identity}`);
    },
    close() {
      rootKey.dispose();
    },
  };
}
