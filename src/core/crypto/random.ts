import { randomBytes, randomUUID } from "node:crypto";

/** Random bytes from the operating system's CSPRNG; the production `Random` source. */
export function secureRandomBytes(length: number): Buffer {
  return randomBytes(length);
}

/**
 * A request id (also the audit event's id): a version 7 UUID (RFC 9562), the Unix time in
 * milliseconds in its first 48 bits, then 74 random bits. Ids made one after another sort in
 * time order, so the audit trail's unique index on event ids grows at its end instead of taking
 * each insert on a random page (that doubled the bytes written per audit record).
 */
export function randomRequestId(nowMs: number): string {
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, "0").slice(-12);
  // A version 4 UUID supplies the random bits and the variant; its version digit becomes 7.
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
