import { combine, split } from "shamir-secret-sharing";
import { SecretBytes } from "../secret-bytes.js";

/**
 * Shamir's secret sharing over GF(2^8), through `shamir-secret-sharing` (Privy's small,
 * zero-dependency, independently audited implementation: Cure53 and Zellic). A share is the
 * secret's length plus one byte, its x-coordinate, last.
 */
export const MAX_SHARES = 255;
export const MIN_THRESHOLD = 2;

export class ShamirParameterError extends Error {}

export function requireShamirParameters(shares: number, threshold: number): void {
  if (!Number.isInteger(shares) || shares < MIN_THRESHOLD || shares > MAX_SHARES) {
    throw new ShamirParameterError(`the number of key shares must be from ${MIN_THRESHOLD} to ${MAX_SHARES}`);
  }
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD || threshold > shares) {
    throw new ShamirParameterError(`the key threshold must be from ${MIN_THRESHOLD} to the number of shares (${shares})`);
  }
}

/** Splits `secret` into `shares` shares of which any `threshold` rebuild it. The caller owns and wipes the shares. */
export async function splitSecret(secret: SecretBytes, shares: number, threshold: number): Promise<SecretBytes[]> {
  requireShamirParameters(shares, threshold);
  const copy = secret.use((bytes) => new Uint8Array(bytes));
  let parts: Uint8Array[];
  try {
    parts = await split(copy, shares, threshold);
  } finally {
    copy.fill(0);
  }
  return parts.map((part) => SecretBytes.adopt(Buffer.from(part.buffer, part.byteOffset, part.length)));
}

/** Shares travel as base64 text (44 characters). */
export function encodeShare(share: SecretBytes): string {
  return share.use((bytes) => bytes.toString("base64"));
}

/** The x-coordinate of a share (1..255): two shares with the same one are the same share. */
export function shareIndex(share: SecretBytes): number {
  return share.use((bytes) => bytes[bytes.length - 1] ?? 0);
}

/**
 * Rebuilds the secret from distinct shares of equal length. With fewer than the threshold, or a
 * share from another split, the result is a wrong secret, not an error: callers must check it
 * (Strongbox opens an authenticated box with it).
 */
export async function combineShares(shares: readonly SecretBytes[]): Promise<SecretBytes> {
  const borrowed = shares.map((share) => share.use((bytes) => new Uint8Array(bytes)));
  try {
    const secret = await combine(borrowed);
    return SecretBytes.adopt(Buffer.from(secret.buffer, secret.byteOffset, secret.length));
  } finally {
    for (const copy of borrowed) copy.fill(0);
  }
}
