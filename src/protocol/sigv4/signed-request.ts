import { ServiceError } from "../../core/errors.js";

/** The parts of an HTTP request that SigV4 covers, as they arrived. */
export interface HttpRequestParts {
  readonly method: string;
  /** The path as sent, still percent-encoded, without the query. */
  readonly rawPath: string;
  /** The query string as sent, without the leading "?". */
  readonly rawQuery: string;
  /** Header names lower-cased; repeated headers keep every value. */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body: Buffer;
}

export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

/** A request's SigV4 claims: who, when, what it covered and the signature it carries. */
export interface SignedRequest {
  readonly form: "header" | "query";
  readonly algorithm: string;
  readonly credential: CredentialScope;
  readonly amzDate: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** Query form only: how long the presigned request stays valid. */
  readonly expiresSeconds: number | undefined;
  readonly securityToken: string | undefined;
}

export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";
const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const incomplete = (message: string) => new ServiceError("IncompleteSignatureException", message);

export function headerValue(parts: Pick<HttpRequestParts, "headers">, name: string): string | undefined {
  const values = parts.headers[name];
  return values === undefined || values.length === 0 ? undefined : values.join(",");
}

/**
 * Reads the SigV4 claims from the Authorization header or from the query string (presigned form).
 * Missing or malformed parts get AWS's IncompleteSignatureException / MissingAuthenticationToken.
 */
export function parseSignedRequest(parts: HttpRequestParts): SignedRequest {
  const authorization = headerValue(parts, "authorization");
  if (authorization !== undefined) return parseAuthorizationHeader(parts, authorization);
  const query = new URLSearchParams(parts.rawQuery);
  if (query.has("X-Amz-Algorithm") || query.has("X-Amz-Signature") || query.has("X-Amz-Credential")) return parseQueryForm(query);
  throw new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token");
}

function parseAuthorizationHeader(parts: HttpRequestParts, authorization: string): SignedRequest {
  const trimmed = authorization.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    throw incomplete(`Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Unsupported AWS 'algorithm': '${algorithm.slice(0, 64)}'.`);
  }
  const fields = new Map<string, string>();
  for (const piece of trimmed.slice(space + 1).split(",")) {
    const eq = piece.indexOf("=");
    if (eq > 0) fields.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const amzDate = headerValue(parts, "x-amz-date") ?? dateHeaderAsAmzDate(headerValue(parts, "date"));
  const missing: string[] = [];
  if (!fields.get("Credential")) missing.push("Authorization header requires 'Credential' parameter.");
  if (!fields.get("Signature")) missing.push("Authorization header requires 'Signature' parameter.");
  if (!fields.get("SignedHeaders")) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (amzDate === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length > 0) throw incomplete(`${missing.join(" ")} Authorization=${algorithm}`);
  return finish("header", algorithm, fields.get("Credential")!, amzDate!, fields.get("SignedHeaders")!, fields.get("Signature")!, undefined, headerValue(parts, "x-amz-security-token"));
}

function parseQueryForm(query: URLSearchParams): SignedRequest {
  const algorithm = query.get("X-Amz-Algorithm");
  const missing = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"].filter((name) => !query.get(name));
  if (missing.length > 0) {
    throw incomplete(`AWS query-string parameters must include ${missing.map((m) => `'${m}'`).join(", ")}. Re-examine the query-string parameters.`);
  }
  if (algorithm !== SIGV4_ALGORITHM) throw incomplete(`Unsupported AWS 'algorithm': '${algorithm!.slice(0, 64)}'.`);
  const expires = query.get("X-Amz-Expires");
  let expiresSeconds: number | undefined;
  if (expires !== null) {
    expiresSeconds = /^\d{1,6}$/.test(expires) ? Number(expires) : NaN;
    if (!(expiresSeconds >= 1 && expiresSeconds <= 604_800)) {
      throw incomplete("X-Amz-Expires must be a whole number of seconds from 1 to 604800 (seven days).");
    }
  }
  return finish("query", algorithm, query.get("X-Amz-Credential")!, query.get("X-Amz-Date")!, query.get("X-Amz-SignedHeaders")!, query.get("X-Amz-Signature")!, expiresSeconds, query.get("X-Amz-Security-Token") ?? undefined);
}

function finish(
  form: SignedRequest["form"],
  algorithm: string,
  credential: string,
  amzDate: string,
  signedHeaders: string,
  signature: string,
  expiresSeconds: number | undefined,
  securityToken: string | undefined,
): SignedRequest {
  const scope = credential.split("/");
  if (scope.length !== 5 || scope.some((part) => part.length === 0)) {
    throw incomplete(`Credential should have five slash-separated parts (access key id, date, region, service, terminator); got ${scope.length} in '${credential.slice(0, 256)}'.`);
  }
  if (!AMZ_DATE.test(amzDate)) throw incomplete(`X-Amz-Date must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z'; got '${amzDate.slice(0, 64)}'.`);
  const [accessKeyId, date, region, service, terminator] = scope as [string, string, string, string, string];
  return {
    form,
    algorithm,
    credential: { accessKeyId, date, region, service, terminator },
    amzDate,
    signedHeaders: signedHeaders.split(";").map((h) => h.trim().toLowerCase()),
    signature,
    expiresSeconds,
    securityToken,
  };
}

/** Some clients sign with an RFC 1123 `Date` header instead of X-Amz-Date. */
function dateHeaderAsAmzDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : toAmzDate(new Date(ms));
}

export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function fromAmzDate(amzDate: string): Date {
  return new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
}
