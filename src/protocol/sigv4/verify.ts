import { ServiceError } from "../../core/errors.js";
import { constantTimeEqual, hmacSha256 } from "../../core/crypto/kdf.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { stringToSign } from "./canonical.js";
import { fromAmzDate, toAmzDate, type HttpRequestParts, type SignedRequest } from "./signed-request.js";

/** AWS allows five minutes between the client's clock and its own. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const invalidSignature = (message: string) => new ServiceError("InvalidSignatureException", message);

/** Credential scope checks, in AWS's order and words. */
export function checkScope(signed: SignedRequest, expected: { service: string; regions: (region: string) => boolean }): void {
  const { date, region, service, terminator } = signed.credential;
  if (terminator !== "aws4_request") throw invalidSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator.slice(0, 64)}'.`);
  if (date !== signed.amzDate.slice(0, 8)) {
    throw invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date.slice(0, 16)}' != '${signed.amzDate.slice(0, 8)}', from '${signed.amzDate}'.`);
  }
  if (!expected.regions(region)) throw invalidSignature(`Credential should be scoped to a valid region, not '${region.slice(0, 64)}'.`);
  if (service !== expected.service) throw invalidSignature(`Credential should be scoped to correct service: '${expected.service}'.`);
}

/** Rejects requests signed more than five minutes away from `now`, and expired presigned requests. */
export function checkFreshness(signed: SignedRequest, now: Date): void {
  const signedAt = fromAmzDate(signed.amzDate).getTime();
  const nowMs = now.getTime();
  const stamp = (ms: number) => toAmzDate(new Date(ms));
  if (Number.isNaN(signedAt)) throw invalidSignature(`Invalid X-Amz-Date '${signed.amzDate}'.`);
  if (signed.form === "query" && signed.expiresSeconds !== undefined) {
    const expiresAt = signedAt + signed.expiresSeconds * 1000;
    if (nowMs > expiresAt) throw invalidSignature(`Signature expired: ${stamp(expiresAt)} is now earlier than ${stamp(nowMs)}.`);
  } else if (signedAt < nowMs - MAX_CLOCK_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${signed.amzDate} is now earlier than ${stamp(nowMs - MAX_CLOCK_SKEW_MS)} (${stamp(nowMs)} - 5 min.)`);
  }
  if (signedAt > nowMs + MAX_CLOCK_SKEW_MS) {
    throw invalidSignature(`Signature not yet current: ${signed.amzDate} is still later than ${stamp(nowMs + MAX_CLOCK_SKEW_MS)} (${stamp(nowMs)} + 5 min.)`);
  }
}

export function checkSignedHeaders(signed: SignedRequest): void {
  if (!signed.signedHeaders.includes("host")) {
    throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
}

/** kSigning = HMAC chain over "AWS4"+secret → date → region → service → "aws4_request". */
export function deriveSigningKey(secret: SecretBytes, scope: { date: string; region: string; service: string }): SecretBytes {
  const kSecret = secret.use((s) => Buffer.concat([Buffer.from("AWS4"), s]));
  const kDate = hmacSha256(kSecret, scope.date);
  const kRegion = hmacSha256(kDate, scope.region);
  const kService = hmacSha256(kRegion, scope.service);
  const kSigning = hmacSha256(kService, "aws4_request");
  kSecret.fill(0);
  kDate.fill(0);
  kRegion.fill(0);
  kService.fill(0);
  return SecretBytes.adopt(kSigning);
}

export const SIGNATURE_MISMATCH_MESSAGE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** Compares the request's signature with the one `signingKey` gives, in constant time. */
export function verifySignature(parts: HttpRequestParts, signed: SignedRequest, signingKey: SecretBytes): void {
  const expected = signingKey.use((k) => hmacSha256(k, stringToSign(parts, signed)));
  const provided = /^[0-9a-f]{64}$/.test(signed.signature) ? Buffer.from(signed.signature, "hex") : Buffer.alloc(0);
  if (!constantTimeEqual(expected, provided)) throw invalidSignature(SIGNATURE_MISMATCH_MESSAGE);
}
