import { ServiceError } from "../../core/errors.js";

/**
 * Grant tokens name grants that Strongbox issued. No grants exist before access control lands, so
 * no token can be valid yet: refusing them is the safe reading of "validated".
 */
export function requireGrantTokensValid(tokens: readonly string[] | undefined): void {
  if (tokens !== undefined && tokens.length > 0) {
    throw new ServiceError("InvalidGrantTokenException", "The grant token is not valid: no grant with this token exists.");
  }
}
