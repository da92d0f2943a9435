import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { SecretText } from "../../core/secret-text.js";

export const AWS_JSON_1_1 = "application/x-amz-json-1.1";
/** No AWS JSON request nests more than a few levels (a tag list in a structure). */
export const DEFAULT_MAX_JSON_DEPTH = 32;

/** Whether `[`/`{` nest deeper than `max` outside strings: one pass over the bytes, no parse. */
export function nestingExceeds(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}

/**
 * Parses an AWS JSON 1.1 request body into a plain object. Explicit nulls among the top-level
 * members count as absent, as AWS treats them. Nested values are left exactly as JSON.parse made
 * them (own properties, even one named "__proto__"), for the schemas to judge.
 */
export function parseJsonBody(body: Buffer, maxDepth = DEFAULT_MAX_JSON_DEPTH): Record<string, unknown> {
  if (body.length === 0) return {};
  // Refused before parsing: the depth is read from the bytes, so no deep structure is ever built.
  if (nestingExceeds(body, maxDepth)) throw new ServiceError("SerializationException", `The request body nests deeper than ${maxDepth} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ServiceError("SerializationException", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ServiceError("SerializationException", "The request body must be a JSON object.");
  }
  const parsed = value as Record<string, unknown>;
  // Usually nothing to drop: the parsed object is the answer, without a copy.
  if (Object.keys(parsed).every((key) => parsed[key] !== null && key !== "__proto__")) return parsed;
  const members: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(parsed)) {
    // No operation has a member named __proto__; assigning one would change the object's prototype.
    if (member !== null && key !== "__proto__") members[key] = member;
  }
  return members;
}

/**
 * Serialises an operation's output: Buffers and SecretBytes as base64, SecretText as its UTF-8
 * text (a JSON string, Secrets Manager's SecretString), Dates as epoch seconds
 * (with milliseconds as a fraction, as AWS sends them), undefined members left out. This is the
 * one place where secret bytes are written to the wire.
 */
export function serializeJson(output: unknown): string {
  // The output is first turned into plain JSON data, then stringified without a replacer
  // function, which keeps JSON.stringify on its fast path (a replacer made it twice as slow).
  return JSON.stringify(toWireValue(output));
}

function toWireValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof SecretBytes) return value.use((bytes) => bytes.toString("base64"));
  if (value instanceof SecretText) return value.bytes.use((bytes) => bytes.toString("utf8"));
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (Array.isArray(value)) return value.map(toWireValue);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return toWireValue(toJSON.call(value));
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = toWireValue((value as Record<string, unknown>)[key]);
    // defineProperty: a member named "__proto__" stays a member, as JSON.stringify would write it.
    if (member !== undefined) Object.defineProperty(plain, key, { value: member, enumerable: true });
  }
  return plain;
}

/** AWS's error body; the text's member is "message" for most services, "Message" for some (Secrets Manager). */
export function serializeError(error: ServiceError, messageMember: "message" | "Message" = "message"): string {
  return JSON.stringify({ __type: error.type, [messageMember]: error.message });
}
