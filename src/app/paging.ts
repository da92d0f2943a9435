import type { ServiceError } from "../core/errors.js";

export interface Page<T> {
  readonly page: readonly T[];
  /** Absent after the last page, so that clients' paginators stop. */
  readonly nextToken?: string;
}

/**
 * NextToken for list operations that page through a list built per request: the offset of the
 * next entry, with the listing it belongs to (operation, path, filters), so that a token of one
 * listing is refused by another. `invalid` is the service's error for a token it did not issue.
 */
export function makePager(invalid: () => ServiceError) {
  const decode = (scope: string, token: string | undefined): number => {
    if (token === undefined) return 0;
    try {
      const [s, offset] = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as [unknown, unknown];
      if (s === scope && typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
    } catch {
      // Not a token Strongbox issued: refused below.
    }
    throw invalid();
  };
  return function pageOf<T>(scope: string, items: readonly T[], token: string | undefined, maxResults: number): Page<T> {
    const offset = decode(scope, token);
    const next = offset + maxResults;
    return { page: items.slice(offset, next), ...(next < items.length ? { nextToken: Buffer.from(JSON.stringify([scope, next]), "utf8").toString("base64url") } : {}) };
  };
}
