import { ServiceError } from "../../core/errors.js";
import { parseKeyRef } from "../../core/kms/identifiers.js";

/**
 * Grant tokens and grant ids. A grant id is 32 random bytes in hex (64 characters, as AWS's).
 * A grant token names the grant it stands for, and is unique per CreateGrant answer:
 *
 *   base64url( 0x01 | grant id (32 bytes) | nonce (16 random bytes) | key ARN (UTF-8) )
 *
 * Grants take effect as soon as CreateGrant answers (no eventual consistency), so a token is
 * evidence of nothing: it identifies a grant for RetireGrant, and in GrantTokens it is only
 * checked to be one Strongbox could have issued. It carries no secret and grants no access.
 */
export const GRANT_ID_BYTES = 32;
const TOKEN_VERSION = 0x01;
const NONCE_BYTES = 16;
const HEADER_BYTES = 1 + GRANT_ID_BYTES + NONCE_BYTES;
/** The API model's limits on the GrantTokens list. */
export const MAX_GRANT_TOKENS = 10;
export const MAX_GRANT_TOKEN_LENGTH = 8192;

export interface GrantTokenClaims {
  readonly keyArn: string;
  readonly grantId: string;
}

export function newGrantId(randomBytes: (length: number) => Buffer): string {
  return randomBytes(GRANT_ID_BYTES).toString("hex");
}

export function issueGrantToken(claims: GrantTokenClaims, randomBytes: (length: number) => Buffer): string {
  const grantId = Buffer.from(claims.grantId, "hex");
  if (grantId.length !== GRANT_ID_BYTES) throw new TypeError("not a grant id");
  return Buffer.concat([Buffer.from([TOKEN_VERSION]), grantId, randomBytes(NONCE_BYTES), Buffer.from(claims.keyArn, "utf8")]).toString("base64url");
}

/** The grant a token names, or undefined when Strongbox cannot have issued it. */
export function parseGrantToken(token: string): GrantTokenClaims | undefined {
  if (token.length > MAX_GRANT_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, "base64url");
  // Only the canonical encoding: a token with trailing bits set, or padding, is not one we issued.
  if (bytes.length <= HEADER_BYTES || bytes[0] !== TOKEN_VERSION || bytes.toString("base64url") !== token) return undefined;
  const keyArn = bytes.subarray(HEADER_BYTES).toString("utf8");
  if (parseKeyRef(keyArn).kind !== "keyArn") return undefined;
  return { keyArn, grantId: bytes.subarray(1, 1 + GRANT_ID_BYTES).toString("hex") };
}

const invalidToken = () => new ServiceError("InvalidGrantTokenException", "The grant token is not valid.");

export function requireGrantToken(token: string): GrantTokenClaims {
  const claims = parseGrantToken(token);
  if (claims === undefined) throw invalidToken();
  return claims;
}

/**
 * Checks the GrantTokens of a request: each must be a token Strongbox issues. A well-formed token
 * of a grant since retired or revoked is accepted silently (AWS documents no error for it): the grant is what
 * the policy gate weighs, not the token.
 */
export function requireGrantTokensValid(tokens: readonly string[] | undefined): void {
  if (tokens === undefined) return;
  // The wire schema already enforces these (ValidationException); kept for callers that skip it.
  if (tokens.length > MAX_GRANT_TOKENS) throw invalidToken();
  for (const token of tokens) requireGrantToken(token);
}
