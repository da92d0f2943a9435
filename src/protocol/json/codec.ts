import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";

export const AWS_JSON_1_1 = "application/x-amz-json-1.1";

/** Parses an AWS JSON 1.1 request body into a plain object; explicit nulls count as absent, as AWS treats them. */
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
  return withoutNulls(value as Record<string, unknown>, 0);
}

/** Every AWS JSON input Strongbox accepts nests a few levels at most; deeper members are left as they are. */
const NULL_STRIPPING_DEPTH = 4;

function withoutNulls(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === null) continue;
    const nested = typeof value === "object" && !Array.isArray(value) && depth < NULL_STRIPPING_DEPTH;
    out[key] = nested ? withoutNulls(value as Record<string, unknown>, depth + 1) : value;
  }
  return out;
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
