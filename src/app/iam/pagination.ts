import { IamError } from "./errors.js";

/** IAM's MaxItems default. */
export const DEFAULT_MAX_ITEMS = 100;

/**
 * Opaque markers: the position after which the next page starts, base64url-encoded so callers
 * do not build them by hand. A marker that does not decode is refused.
 */
export function encodeMarker(position: string): string {
  return Buffer.from(`iam1:${position}`, "utf8").toString("base64url");
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, "base64url").toString("utf8") : "";
  if (!decoded.startsWith("iam1:")) throw new IamError("ValidationError", "Invalid Marker: it was not returned by a previous call of this operation.");
  return decoded.slice(5);
}

/** One page of a list held in memory (keys, policy names, tags). */
export function pageOf<T>(items: readonly T[], input: { Marker?: string; MaxItems?: number }): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const start = input.Marker === undefined ? 0 : Number(decodeMarker(input.Marker));
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new IamError("ValidationError", "Invalid Marker: it was not returned by a previous call of this operation.");
  const page = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return { page, IsTruncated: truncated, ...(truncated ? { Marker: encodeMarker(String(start + limit)) } : {}) };
}
