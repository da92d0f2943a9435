import { SecretBytes } from "../../core/secret-bytes.js";
import type { HsmConnector, HsmToken, TokenAddress, TokenKeyName } from "../../ports/hsm.js";
import { destroyAesKey, findAesKey, findAesKeys, gcmDecrypt, gcmEncrypt, generateAesKey } from "./aes-keys.js";
import { findTokenSlot, TokenSession } from "./token-session.js";
import { Pkcs11Libraries } from "./library.js";

/** An HsmToken over one logged-in PKCS#11 session. */
export function pkcs11Token(session: TokenSession): HsmToken {
  const label = `token '${session.address.tokenLabel}'`;
  return {
    address: session.address,
    describe: () => session.describe(),
    generateAesKey(name: TokenKeyName) {
      session.run(`generating key '${name.label}' in ${label}`, (module, handle) => generateAesKey(module, handle, name));
    },
    hasKey(name) {
      return session.run(`looking for key '${name.label}' in ${label}`, (module, handle) => findAesKeys(module, handle, name).length > 0);
    },
    encrypt(name, iv, plaintext, aad) {
      return session.run(`encrypting with key '${name.label}' in ${label}`, (module, handle) => gcmEncrypt(module, handle, findAesKey(module, handle, name), iv, plaintext, aad));
    },
    decrypt(name, iv, ciphertext, tag, aad) {
      return session.run(`decrypting with key '${name.label}' in ${label}`, (module, handle) => gcmDecrypt(module, handle, findAesKey(module, handle, name), iv, ciphertext, tag, aad));
    },
    generateRandom(length) {
      return session.run(`generating random bytes in ${label}`, (module, handle) => {
        const out = Buffer.alloc(length);
        module.C_GenerateRandom(handle, out);
        return SecretBytes.adopt(out);
      });
    },
    destroyKey(name) {
      return session.run(`destroying key '${name.label}' in ${label}`, (module, handle) => destroyAesKey(module, handle, name));
    },
    close: () => session.close(),
  };
}

/**
 * The PKCS#11 HsmConnector: loads each module once (through `libraries`, which the composition
 * root owns) and opens logged-in sessions on tokens found by label.
 */
export function pkcs11Connector(libraries: Pkcs11Libraries = new Pkcs11Libraries()): HsmConnector {
  return {
    describe: (address: TokenAddress) => findTokenSlot(libraries.open(address.library), address).description,
    connect: (address: TokenAddress, pin: SecretBytes) => pkcs11Token(TokenSession.open(libraries.open(address.library), address, pin)),
    close: () => libraries.close(),
  };
}
