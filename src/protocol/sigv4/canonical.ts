import { sha256Hex } from "../../core/crypto/kdf.js";
import type { HttpRequestParts, SignedRequest } from "./signed-request.js";

/** RFC 3986 percent-encoding of everything but the unreserved set, as SigV4 requires. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Canonical URI for every service but S3: the path normalised (dot segments and empty segments
 * removed) and each segment URI-encoded once more on top of the encoding it arrived with.
 */
export function canonicalUri(rawPath: string): string {
  // Every AWS JSON and Query request goes to "/".
  if (rawPath === "/") return "/";
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailingSlash = rawPath.endsWith("/") && segments.length > 0;
  return "/" + segments.map(uriEncode).join("/") + (trailingSlash ? "/" : "");
}

/** Query parameters decoded, re-encoded, sorted by name then value; the signature itself excluded. */
export function canonicalQuery(rawQuery: string, form: SignedRequest["form"]): string {
  if (rawQuery === "") return "";
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const name = uriEncode(safeDecode(eq < 0 ? piece : piece.slice(0, eq)));
    const value = uriEncode(safeDecode(eq < 0 ? "" : piece.slice(eq + 1)));
    if (form === "query" && name === "X-Amz-Signature") continue;
    pairs.push([name, value]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join("&");
}

/** Sequential spaces collapsed to one, ends trimmed; most values have nothing to collapse. */
const NEEDS_COLLAPSING = /\s\s|[\t\n\v\f\r]/;

function canonicalHeaderValue(value: string): string {
  const trimmed = value.trim();
  return NEEDS_COLLAPSING.test(trimmed) ? trimmed.replace(/\s+/g, " ") : trimmed;
}

export function canonicalRequest(parts: HttpRequestParts, signed: SignedRequest): string {
  let headers = "";
  for (const name of signed.signedHeaders) {
    const values = parts.headers[name] ?? [];
    headers += `${name}:${values.length === 1 ? canonicalHeaderValue(values[0]!) : values.map(canonicalHeaderValue).join(",")}\n`;
  }
  return `${parts.method.toUpperCase()}\n${canonicalUri(parts.rawPath)}\n${canonicalQuery(parts.rawQuery, signed.form)}\n${headers}\n${signed.signedHeaders.join(";")}\n${payloadHash(parts)}`;
}

/** Services other than S3 always sign the body's hash; UNSIGNED-PAYLOAD is not accepted for them. */
function payloadHash(parts: HttpRequestParts): string {
  return sha256Hex(parts.body);
}

export function stringToSign(parts: HttpRequestParts, signed: SignedRequest): string {
  const { date, region, service, terminator } = signed.credential;
  return `${signed.algorithm}\n${signed.amzDate}\n${date}/${region}/${service}/${terminator}\n${sha256Hex(canonicalRequest(parts, signed))}`;
}

