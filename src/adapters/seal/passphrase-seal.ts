import { scryptKey, type ScryptParams } from "../../core/crypto/kdf.js";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { exposeSecretBytes, SecretBytes } from "../../core/secret-bytes.js";
import type { OpenSeal } from "../../ports/root-key.js";
import type { SealConfig } from "../../ports/system-repository.js";
import { openSoftwareSeal, unwrapRootKey, wrapRootKey, type SoftwareSealScheme } from "./software-seal.js";

/** OWASP's recommended scrypt cost (128 MiB, about half a second here): slows passphrase guessing. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const ROOT_KEY_IDENTITY = "seal/passphrase/root-key";

export type PassphraseSealConfig = Extract<SealConfig, { type: "passphrase" }>;

function scheme(config: Omit<PassphraseSealConfig, "wrappedRootKey">): SoftwareSealScheme {
  return { kind: "passphrase", identity: ROOT_KEY_IDENTITY, withWrappedRootKey: (wrappedRootKey) => ({ ...config, wrappedRootKey }) };
}

/** Generates a root key and protects it with a key derived from the operator's passphrase. */
export async function createPassphraseSeal(passphrase: Buffer, params: ScryptParams = DEFAULT_SCRYPT): Promise<{ config: PassphraseSealConfig; seal: OpenSeal }> {
  const salt = secureRandomBytes(32);
  const kek = await scryptKey(passphrase, salt, params);
  const rootKey = SecretBytes.adopt(secureRandomBytes(32));
  const config: PassphraseSealConfig = { type: "passphrase", kdf: "scrypt", ...params, salt: salt.toString("base64"), wrappedRootKey: wrapRootKey(kek, rootKey, ROOT_KEY_IDENTITY) };
  return { config, seal: openSoftwareSeal(scheme(config), rootKey, kek) };
}

/** The passphrase's key and the root key it opens (the caller owns both), or undefined when the passphrase (borrowed) is wrong. */
async function openWithPassphrase(config: PassphraseSealConfig, passphrase: SecretBytes): Promise<{ kek: SecretBytes; rootKey: SecretBytes } | undefined> {
  const raw = exposeSecretBytes(passphrase);
  let kek: SecretBytes;
  try {
    kek = await scryptKey(raw, Buffer.from(config.salt, "base64"), { N: config.N, r: config.r, p: config.p });
  } finally {
    raw.fill(0);
  }
  const rootKey = unwrapRootKey(kek, config.wrappedRootKey, ROOT_KEY_IDENTITY);
  if (rootKey === undefined) {
    kek.dispose();
    return undefined;
  }
  return { kek, rootKey };
}

/** The open seal, or undefined when the passphrase (borrowed) is wrong. */
export async function unlockPassphraseSeal(config: PassphraseSealConfig, passphrase: SecretBytes): Promise<OpenSeal | undefined> {
  const opened = await openWithPassphrase(config, passphrase);
  return opened && openSoftwareSeal(scheme(config), opened.rootKey, opened.kek);
}

/** The root key itself (offline commands, and `strongbox rekey` moving a passphrase data dir to shares); undefined when the passphrase is wrong. */
export async function recoverPassphraseRootKey(config: PassphraseSealConfig, passphrase: SecretBytes): Promise<SecretBytes | undefined> {
  const opened = await openWithPassphrase(config, passphrase);
  opened?.kek.dispose();
  return opened?.rootKey;
}
