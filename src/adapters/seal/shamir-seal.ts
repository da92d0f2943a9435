import { combineShares, shareIndex, splitSecret } from "../../core/crypto/shamir.js";
import { constantTimeEqual, hmacSha256 } from "../../core/crypto/kdf.js";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { OpenSeal } from "../../ports/root-key.js";
import type { SealConfig } from "../../ports/system-repository.js";
import { openSoftwareSeal, unwrapRootKey, wrapRootKey, type SoftwareSealScheme } from "./software-seal.js";

/**
 * The Shamir seal: a random unseal key protects the root key, and the unseal key is split into
 * shares held by different operators. The store keeps the wrapped root key and an HMAC of each
 * share (to refuse a wrong share at once); neither the unseal key nor any share is stored.
 */
export type ShamirSealConfig = Extract<SealConfig, { type: "shamir" }>;

const ROOT_KEY_IDENTITY = "seal/shamir/root-key";
const UNSEAL_KEY_BYTES = 32;
const SHARE_BYTES = UNSEAL_KEY_BYTES + 1;
export const DEFAULT_KEY_SHARES = 5;
export const DEFAULT_KEY_THRESHOLD = 3;

function scheme(config: Omit<ShamirSealConfig, "wrappedRootKey">): SoftwareSealScheme {
  return { kind: "shamir", identity: ROOT_KEY_IDENTITY, withWrappedRootKey: (wrappedRootKey) => ({ ...config, wrappedRootKey }) };
}

/** The share's bytes, or undefined when the text is not a share of this size. */
export function decodeShare(text: SecretBytes): SecretBytes | undefined {
  return text.use((raw) => {
    const trimmed = raw.toString("utf8").trim();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
    const bytes = Buffer.from(trimmed, "base64");
    if (bytes.length !== SHARE_BYTES || bytes[SHARE_BYTES - 1] === 0) {
      bytes.fill(0);
      return undefined;
    }
    return SecretBytes.adopt(bytes);
  });
}

function shareCheck(salt: Buffer, share: SecretBytes): Buffer {
  return share.use((bytes) => hmacSha256(salt, bytes));
}

/** True when `share` is one of the shares this configuration was split into. */
export function isShareOf(config: ShamirSealConfig, share: SecretBytes): boolean {
  const check = shareCheck(Buffer.from(config.checkSalt, "base64"), share);
  // Every stored check is compared, so the time taken does not tell which one matched.
  let found = false;
  for (const stored of config.shareChecks) found = constantTimeEqual(check, Buffer.from(stored, "base64")) || found;
  return found;
}

/**
 * Protects `rootKey` (borrowed) under a fresh unseal key split into `shares` shares, any
 * `threshold` of which unseal. Returns the configuration to store, the shares (once) and the
 * unseal key; the caller owns and wipes both.
 */
export async function protectWithShares(rootKey: SecretBytes, shares: number, threshold: number): Promise<{ config: ShamirSealConfig; shares: SecretBytes[]; unsealKey: SecretBytes }> {
  const unsealKey = SecretBytes.adopt(secureRandomBytes(UNSEAL_KEY_BYTES));
  try {
    const parts = await splitSecret(unsealKey, shares, threshold);
    const salt = secureRandomBytes(32);
    const config: ShamirSealConfig = {
      type: "shamir",
      shares,
      threshold,
      checkSalt: salt.toString("base64"),
      shareChecks: parts.map((part) => shareCheck(salt, part).toString("base64")),
      wrappedRootKey: wrapRootKey(unsealKey, rootKey, ROOT_KEY_IDENTITY),
    };
    return { config, shares: parts, unsealKey };
  } catch (error) {
    unsealKey.dispose();
    throw error;
  }
}

/** `strongbox init`: a new root key behind a new set of shares. */
export async function createShamirSeal(shares: number, threshold: number): Promise<{ config: ShamirSealConfig; shares: SecretBytes[]; seal: OpenSeal }> {
  const rootKey = SecretBytes.adopt(secureRandomBytes(32));
  try {
    const { unsealKey, ...made } = await protectWithShares(rootKey, shares, threshold);
    return { ...made, seal: openSoftwareSeal(scheme(made.config), rootKey, unsealKey) };
  } catch (error) {
    rootKey.dispose();
    throw error;
  }
}

/**
 * Rebuilds the unseal key from `threshold` distinct shares of this configuration (borrowed) and
 * opens the root key with it; the caller owns both. Undefined when they do not open it (shares
 * that passed the checks do not fail here unless the store is damaged).
 */
async function openWithShares(config: ShamirSealConfig, shares: readonly SecretBytes[]): Promise<{ unsealKey: SecretBytes; rootKey: SecretBytes } | undefined> {
  const indices = new Set(shares.map(shareIndex));
  if (shares.length < config.threshold || indices.size !== shares.length) return undefined;
  const unsealKey = await combineShares(shares);
  const rootKey = unwrapRootKey(unsealKey, config.wrappedRootKey, ROOT_KEY_IDENTITY);
  if (rootKey === undefined) {
    unsealKey.dispose();
    return undefined;
  }
  return { unsealKey, rootKey };
}

/** The open seal (the server's unseal), or undefined when the shares do not open it. */
export async function openShamirSeal(config: ShamirSealConfig, shares: readonly SecretBytes[]): Promise<OpenSeal | undefined> {
  const opened = await openWithShares(config, shares);
  return opened && openSoftwareSeal(scheme(config), opened.rootKey, opened.unsealKey);
}

/** The root key itself (offline commands); undefined when the shares do not open it. */
export async function recoverRootKey(config: ShamirSealConfig, shares: readonly SecretBytes[]): Promise<SecretBytes | undefined> {
  const opened = await openWithShares(config, shares);
  opened?.unsealKey.dispose();
  return opened?.rootKey;
}
