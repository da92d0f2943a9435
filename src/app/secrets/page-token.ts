import { ServiceError } from "../../core/errors.js";

/**
 * NextToken of the Secrets Manager list operations: the offset of the next entry in the ordered
 * list, with the operation it belongs to, so a token of one listing is refused by another.
 */
export function encodePageToken(operation: string, offset: number): string {
  return Buffer.from(JSON.stringify([operation, offset]), "utf8").toString("base64url");
}

export function decodePageToken(operation: string, token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const [op, offset] = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as [unknown, unknown];
    if (op === operation && typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Not a token Strongbox issued: refused below.
  }
  throw new ServiceError("InvalidNextTokenException", "The NextToken value is invalid.");
}

/** One page of `items` from the token's offset. */
export function pageOf<T>(operation: string, items: readonly T[], token: string | undefined, maxResults: number): { readonly page: readonly T[]; readonly nextToken?: string } {
  const offset = decodePageToken(operation, token);
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return { page, ...(next < items.length ? { nextToken: encodePageToken(operation, next) } : {}) };
}
