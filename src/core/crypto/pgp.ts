import { createMessage, encrypt, readKey, type Key } from "openpgp";
import type { SecretBytes } from "../secret-bytes.js";

/**
 * Encrypting an unseal share to the OpenPGP public key of the person who will hold it (as Vault's
 * `-pgp-keys` does), with openpgp.js (Proton's implementation). The holder decrypts it with any
 * OpenPGP tool: `base64 -d | gpg --decrypt`.
 */
export interface PgpRecipient {
  readonly fingerprint: string;
  readonly userIds: readonly string[];
  readonly key: Key;
}

export class PgpKeyError extends Error {}

/** Reads an armored or binary OpenPGP public key; refuses private keys and keys that cannot encrypt. */
export async function readPgpRecipient(source: Buffer, name: string): Promise<PgpRecipient> {
  let key: Key;
  try {
    const text = source.toString("utf8");
    key = text.includes("-----BEGIN PGP") ? await readKey({ armoredKey: text }) : await readKey({ binaryKey: new Uint8Array(source) });
  } catch (error) {
    throw new PgpKeyError(`${name} is not an OpenPGP public key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (key.isPrivate()) throw new PgpKeyError(`${name} holds a private key; give the holder's public key only`);
  try {
    await key.getEncryptionKey();
  } catch {
    throw new PgpKeyError(`${name} has no valid encryption subkey (expired or revoked?)`);
  }
  return { fingerprint: key.getFingerprint().toUpperCase(), userIds: key.getUserIDs(), key };
}

/** The share's text encrypted to `recipient`, as base64 of the binary OpenPGP message (what `gpg --decrypt` prints is the share's text). */
export async function encryptShareTo(recipient: PgpRecipient, shareText: SecretBytes): Promise<string> {
  const copy = shareText.use((bytes) => new Uint8Array(bytes));
  try {
    const message = await encrypt({ message: await createMessage({ binary: copy }), encryptionKeys: recipient.key, format: "binary" });
    return Buffer.from(message).toString("base64");
  } finally {
    copy.fill(0);
  }
}
