import { GCM_IV_BYTES } from "../../core/crypto/aes-gcm.js";
import { scryptKey, type ScryptParams } from "../../core/crypto/kdf.js";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { openBox, sealBox } from "../../core/sealed-box.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { RootKeyProvider } from "../../ports/root-key.js";
import type { SealConfig } from "../../ports/system-repository.js";
import { softwareRootKey } from "./software-root-key.js";

/** OWASP's recommended scrypt cost (128 MiB, about half a second here): slows passphrase guessing. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const ROOT_KEY_IDENTITY = "seal/passphrase/root-key";

export type PassphraseSealConfig = Extract<SealConfig, { type: "passphrase" }>;

/** Generates a root key and protects it with a key derived from the operator's passphrase. */
export async function createPassphraseSeal(passphrase: Buffer, params: ScryptParams = DEFAULT_SCRYPT): Promise<{ config: PassphraseSealConfig; rootKey: RootKeyProvider }> {
  const salt = secureRandomBytes(32);
  const kek = await scryptKey(passphrase, salt, params);
  const rootKey = SecretBytes.adopt(secureRandomBytes(32));
  try {
    const wrapped = sealBox(kek, 1, secureRandomBytes(GCM_IV_BYTES), rootKey, ROOT_KEY_IDENTITY);
    const config: PassphraseSealConfig = { type: "passphrase", kdf: "scrypt", ...params, salt: salt.toString("base64"), wrappedRootKey: wrapped.toString("base64") };
    return { config, rootKey: softwareRootKey("passphrase", rootKey) };
  } finally {
    kek.dispose();
  }
}

/** Returns the root key, or undefined when the passphrase is wrong. */
export async function unlockPassphraseSeal(config: PassphraseSealConfig, passphrase: Buffer): Promise<RootKeyProvider | undefined> {
  const kek = await scryptKey(passphrase, Buffer.from(config.salt, "base64"), { N: config.N, r: config.r, p: config.p });
  try {
    const rootKey = openBox(kek, Buffer.from(config.wrappedRootKey, "base64"), ROOT_KEY_IDENTITY);
    return rootKey === undefined ? undefined : softwareRootKey("passphrase", rootKey);
  } finally {
    kek.dispose();
  }
}
