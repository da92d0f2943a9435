import { ServiceError } from "../../core/errors.js";

/**
 * NextToken of the Parameter Store list operations: the offset of the next entry in the ordered
 * list, with the operation (and path or name) it belongs to, so a token of one listing is refused
 * by another.
 */
function decode(scope: string, token: string | undefined): number {
  if (token === undefined) return 0;
  try {
    const [s, offset] = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as [unknown, unknown];
    if (s === scope && typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
  } catch {
    // Not a token Strongbox issued: refused below.
  }
  throw new ServiceError("InvalidNextToken", "The specified token isn't valid.");
}

/** One page of `items` from the token's offset; no NextToken after the last page. */
export function pageOf<T>(scope: string, items: readonly T[], token: string | undefined, maxResults: number): { readonly page: readonly T[]; readonly nextToken?: string } {
  const offset = decode(scope, token);
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return { page, ...(next < items.length ? { nextToken: Buffer.from(JSON.stringify([scope, next]), "utf8").toString("base64url") } : {}) };
}
