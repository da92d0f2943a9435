import { ServiceError } from "../../core/errors.js";

/**
 * Opaque pagination markers: the position after which the next page starts, base64url-encoded
 * so callers do not build them by hand. A marker that does not decode is InvalidMarkerException.
 */
export function encodeMarker(position: string): string {
  return Buffer.from(`v1:${position}`, "utf8").toString("base64url");
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, "base64url").toString("utf8") : "";
  if (!decoded.startsWith("v1:")) throw new ServiceError("InvalidMarkerException", "The marker that specifies where pagination should next begin is not valid.");
  return decoded.slice(3);
}

/** One page of an in-memory list (tags, rotations, policy names): AWS markers over short lists. */
export function pageOf<T>(items: readonly T[], limit: number, marker: string | undefined): { page: T[]; nextMarker: string | undefined } {
  const start = marker === undefined ? 0 : Number(decodeMarker(marker));
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new ServiceError("InvalidMarkerException", "The marker that specifies where pagination should next begin is not valid.");
  }
  const page = items.slice(start, start + limit);
  return { page, nextMarker: start + limit < items.length ? encodeMarker(String(start + limit)) : undefined };
}
