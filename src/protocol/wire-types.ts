import { z } from "zod";
import { ServiceError } from "../core/errors.js";
import { SecretBytes } from "../core/secret-bytes.js";
import type { EncryptionContext } from "../core/kms/encryption-context.js";
import { SENSITIVE } from "./validation.js";
import { base64DecodedLength, isBase64 } from "./base64.js";

function decodeBase64(value: string, member: string): Buffer {
  if (!isBase64(value)) throw new ServiceError("SerializationException", `The value of ${member} is not valid base64.`);
  return Buffer.from(value, "base64");
}

/** A blob member: base64 on the wire, bytes after parsing, its length checked in bytes. */
export function blob(member: string, bounds: { min: number; max: number }) {
  return z.string().transform((value, ctx) => {
    const bytes = decodeBase64(value, member);
    if (bytes.length < bounds.min || bytes.length > bounds.max) {
      const tooShort = bytes.length < bounds.min;
      bytes.fill(0);
      ctx.addIssue({
        code: "custom",
        input: value,
        params: { [SENSITIVE]: true },
        message: tooShort ? `Member must have length greater than or equal to ${bounds.min}` : `Member must have length less than or equal to ${bounds.max}`,
      });
      return z.NEVER;
    }
    return bytes;
  });
}

/**
 * A secret blob (plaintext): checked as base64 text, its decoded length computed without decoding;
 * `decodeSecret` turns it into SecretBytes only once the whole request is valid, so a request that
 * fails validation leaves no secret copy behind.
 */
export function secretBase64(member: string, bounds: { min: number; max: number }) {
  return z.string().superRefine((value, ctx) => {
    if (!isBase64(value)) throw new ServiceError("SerializationException", `The value of ${member} is not valid base64.`);
    const length = base64DecodedLength(value);
    if (length < bounds.min || length > bounds.max) {
      ctx.addIssue({
        code: "custom",
        input: value,
        params: { [SENSITIVE]: true },
        message: length < bounds.min ? `Member must have length greater than or equal to ${bounds.min}` : `Member must have length less than or equal to ${bounds.max}`,
      });
    }
  });
}

/**
 * A secret string member (a password): its length checked without echoing it; turned into
 * SecretBytes by the operation's schema once the whole request is valid (`SecretBytes.fromUtf8`).
 */
export function secretString(bounds: { min: number; max: number }) {
  return z.string().superRefine((value, ctx) => {
    if (value.length < bounds.min || value.length > bounds.max) {
      ctx.addIssue({
        code: "custom",
        input: value,
        params: { [SENSITIVE]: true },
        message: value.length < bounds.min ? `Member must have length greater than or equal to ${bounds.min}` : `Member must have length less than or equal to ${bounds.max}`,
      });
    }
  });
}

/** Valid base64 (checked by secretBase64) decoded straight into the SecretBytes' own buffer. */
export function decodeSecret(base64: string): SecretBytes {
  return SecretBytes.fromBase64(base64, base64DecodedLength(base64));
}

/**
 * Encryption context: string to string. Bounded so its canonical form (the AAD) stays small;
 * AWS documents no number, so Strongbox chooses 8 KiB and says so in docs/kms.md.
 */
export const MAX_ENCRYPTION_CONTEXT_BYTES = 8192;

export function encryptionContext(member: string) {
  return z.unknown().transform((value, ctx): EncryptionContext => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new ServiceError("SerializationException", `Expected a JSON object of strings at '${member}'.`);
    }
    // A null-prototype object, filled with defineProperty: a key such as "__proto__" stays an entry.
    const context = Object.create(null) as Record<string, string>;
    let size = 2;
    const folded = new Set<string>();
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== "string") throw new ServiceError("SerializationException", `Expected a JSON object of strings at '${member}'.`);
      // Policies read kms:EncryptionContext:<key> without regard to case: two keys that differ only
      // in case would let a request show a condition both values. AWS advises against them; refused.
      if (folded.has(key.toLowerCase())) {
        throw new ServiceError("ValidationException", `${member} has keys that differ only in case; Strongbox refuses them so that policy conditions on the encryption context stay unambiguous.`);
      }
      folded.add(key.toLowerCase());
      Object.defineProperty(context, key, { value: entry, enumerable: true });
      size += 4 + Buffer.byteLength(key) + Buffer.byteLength(entry);
    }
    if (size > MAX_ENCRYPTION_CONTEXT_BYTES) {
      ctx.addIssue({ code: "custom", input: undefined, params: { [SENSITIVE]: true }, message: `Member must have a serialised size less than or equal to ${MAX_ENCRYPTION_CONTEXT_BYTES} bytes` });
      return z.NEVER;
    }
    return Object.freeze(context);
  });
}

export const limit = z.number().int().min(1).max(1000);
export const marker = z.string().min(1).max(1024).regex(/^[\u0020-\u00FF]*$/);
export const grantTokens = z.array(z.string().min(1).max(8192)).max(10);
export const encryptionAlgorithm = z.enum(["SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"]);
