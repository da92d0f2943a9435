import { readFileSync } from "node:fs";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { HsmError, type HsmConnector, type HsmToken, type TokenKeyName } from "../../ports/hsm.js";
import type { RootKeyProvider } from "../../ports/root-key.js";
import { GCM_IV_BYTES, GCM_TAG_BYTES } from "./aes-keys.js";

export const DEFAULT_ROOT_KEY_LABEL = "strongbox-root-key";

/** Where the root key lives: a token, its user PIN, and the label of the AES key object. */
export interface HsmRootKeyConfig {
  readonly library: string;
  readonly tokenLabel: string;
  /** The token's user PIN; the provider keeps a copy (for re-login) and wipes it on close. */
  readonly pin: SecretBytes;
  /** CKA_LABEL (and CKA_ID) of the root key object; default "strongbox-root-key". */
  readonly keyLabel?: string;
}

/**
 * HSM-wrapped box, format 1 (docs/formats.md): a barrier key wrapped by AES-256-GCM inside the
 * token under the root key object the box names.
 *
 *   offset  size  field
 *   0       1     format version, 0x01
 *   1       1     L, length of the root key's label in bytes (1..255)
 *   2       L     the root key's CKA_LABEL, UTF-8
 *   2+L     12    AES-GCM IV, random
 *   14+L    n     AES-256-GCM ciphertext
 *   14+L+n  16    GCM tag
 *
 * AAD = bytes 0..13+L followed by the UTF-8 of `root/<identity>`.
 */
const FORMAT_V1 = 0x01;

function rootKeyName(config: HsmRootKeyConfig): TokenKeyName {
  const label = config.keyLabel ?? DEFAULT_ROOT_KEY_LABEL;
  const bytes = Buffer.byteLength(label, "utf8");
  if (bytes < 1 || bytes > 255) throw new HsmError("INTERNAL_ERROR", "the root key label must be 1 to 255 bytes");
  return { label, id: Buffer.from(label, "utf8") };
}

function header(name: TokenKeyName, iv: Buffer): Buffer {
  const label = Buffer.from(name.label, "utf8");
  return Buffer.concat([Buffer.from([FORMAT_V1, label.length]), label, iv]);
}

function parse(blob: Buffer): { label: string; header: Buffer; iv: Buffer; ciphertext: Buffer; tag: Buffer } | undefined {
  if (blob.length < 2 || blob[0] !== FORMAT_V1) return undefined;
  const labelBytes = blob[1] as number;
  const headerBytes = 2 + labelBytes + GCM_IV_BYTES;
  if (labelBytes === 0 || blob.length < headerBytes + GCM_TAG_BYTES) return undefined;
  return {
    label: blob.subarray(2, 2 + labelBytes).toString("utf8"),
    header: blob.subarray(0, headerBytes),
    iv: blob.subarray(2 + labelBytes, headerBytes),
    ciphertext: blob.subarray(headerBytes, blob.length - GCM_TAG_BYTES),
    tag: blob.subarray(blob.length - GCM_TAG_BYTES),
  };
}

function provider(token: HsmToken, name: TokenKeyName): RootKeyProvider {
  return {
    kind: "pkcs11",
    async wrap(plaintext, identity) {
      const head = header(name, secureRandomBytes(GCM_IV_BYTES));
      const aad = Buffer.concat([head, Buffer.from(`root/${identity}`, "utf8")]);
      const sealed = token.encrypt(name, head.subarray(head.length - GCM_IV_BYTES), plaintext, aad);
      return Buffer.concat([head, sealed.ciphertext, sealed.tag]);
    },
    async unwrap(wrapped, identity) {
      const box = parse(wrapped);
      // A box made under another root key object is not ours to open.
      if (box === undefined || box.label !== name.label) return undefined;
      const aad = Buffer.concat([box.header, Buffer.from(`root/${identity}`, "utf8")]);
      return token.decrypt(name, box.iv, box.ciphertext, box.tag, aad);
    },
    close() {
      token.close();
    },
  };
}

/**
 * The root key provider of a data dir sealed by an HSM: logs in to the token and checks that the
 * root key object is there (KEY_NOT_FOUND otherwise). Throws HsmError: INVALID_CREDENTIALS,
 * TOKEN_NOT_FOUND, LIBRARY_ERROR, DEVICE_ERROR. close() logs out.
 */
export function hsmRootKeyProvider(connector: HsmConnector, config: HsmRootKeyConfig): RootKeyProvider {
  return openRootKey(connector, config, (token, name) => {
    if (!token.hasKey(name)) throw new HsmError("KEY_NOT_FOUND", `token '${config.tokenLabel}' holds no root key object labelled '${name.label}'`);
  });
}

/** Logs in to the root key's token, runs `prepare` (the session is closed if it throws) and returns the provider over that session. */
function openRootKey(connector: HsmConnector, config: HsmRootKeyConfig, prepare: (token: HsmToken, name: TokenKeyName) => void): RootKeyProvider {
  const name = rootKeyName(config);
  const token = connector.connect({ library: config.library, tokenLabel: config.tokenLabel }, config.pin);
  try {
    prepare(token, name);
  } catch (error) {
    token.close();
    throw error;
  }
  return provider(token, name);
}

/**
 * `strongbox init --hsm pkcs11`: generates the root key object inside the token (AES-256,
 * sensitive, non-extractable) and returns its provider. KEY_EXISTS if the label is taken: an
 * existing root key is never replaced, since the data dir it seals would be lost.
 */
export function createHsmRootKey(connector: HsmConnector, config: HsmRootKeyConfig): RootKeyProvider {
  return openRootKey(connector, config, (token, name) => token.generateAesKey(name));
}

/**
 * Destroys the root key object: only for undoing a `strongbox init` that failed after
 * createHsmRootKey (a data dir sealed by it would be lost for good). Returns whether there was one.
 */
export function removeHsmRootKey(connector: HsmConnector, config: HsmRootKeyConfig): boolean {
  const name = rootKeyName(config);
  const token = connector.connect({ library: config.library, tokenLabel: config.tokenLabel }, config.pin);
  try {
    return token.destroyKey(name);
  } finally {
    token.close();
  }
}

/**
 * Reads a PIN from the file the operator named (one line; the trailing newline is dropped). The
 * file's buffer is wiped once copied.
 */
export function readPinFile(path: string): SecretBytes {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new HsmError("INVALID_CREDENTIALS", `cannot read the PIN file ${path}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === 0x0a || raw[end - 1] === 0x0d)) end -= 1;
  const pin = SecretBytes.copyOf(raw.subarray(0, end));
  raw.fill(0);
  if (pin.length === 0) {
    pin.dispose();
    throw new HsmError("INVALID_CREDENTIALS", `the PIN file ${path} is empty`);
  }
  return pin;
}
