import { ServiceError } from "../../core/errors.js";

/**
 * Opaque pagination markers: the position after which the next page starts, base64url-encoded
 * so callers do not build them by hand. A marker that does not decode is InvalidMarkerException.
 */
export function encodeMarker(position: string): string {
  return Buffer.from(`v1:${position}`, "utf8").toString("base64url");
}

/** The position a marker names, or undefined when Strongbox did not issue it. */
export function markerPosition(marker: string): string | undefined {
  const decoded = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, "base64url").toString("utf8") : "";
  return decoded.startsWith("v1:") ? decoded.slice(3) : undefined;
}

export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const position = markerPosition(marker);
  if (position === undefined) throw new ServiceError("InvalidMarkerException", "The marker that specifies where pagination should next begin is not valid.");
  return position;
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
