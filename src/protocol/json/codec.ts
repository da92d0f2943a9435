import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";

export const AWS_JSON_1_1 = "application/x-amz-json-1.1";

/**
 * Parses an AWS JSON 1.1 request body into a plain object. Explicit nulls among the top-level
 * members count as absent, as AWS treats them. Nested values are left exactly as JSON.parse made
 * them (own properties, even one named "__proto__"), for the schemas to judge.
 */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ServiceError("SerializationException", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ServiceError("SerializationException", "The request body must be a JSON object.");
  }
  const members: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    // No operation has a member named __proto__; assigning one would change the object's prototype.
    if (member !== null && key !== "__proto__") members[key] = member;
  }
  return members;
}

/**
 * Serialises an operation's output: Buffers and SecretBytes as base64, Dates as epoch seconds
 * (with milliseconds as a fraction, as AWS sends them), undefined members left out. This is the
 * one place where secret bytes are written to the wire.
 */
export function serializeJson(output: unknown): string {
  // The replacer reads the holder's original member: JSON.stringify applies toJSON first.
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = key === "" ? value : this[key];
    if (original instanceof SecretBytes) return original.use((bytes) => bytes.toString("base64"));
    if (original instanceof Date) return original.getTime() / 1000;
    if (Buffer.isBuffer(original)) return original.toString("base64");
    return value;
  });
}

export function serializeError(error: ServiceError): string {
  return JSON.stringify({ __type: error.type, message: error.message });
}
