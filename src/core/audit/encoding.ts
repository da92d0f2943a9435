/**
 * Length-prefixed fields: each is a u32 BE byte length followed by the bytes (strings as UTF-8,
 * sequence numbers as u64 BE). No two different field lists encode to the same bytes, so nothing
 * can be moved from one field into its neighbour without changing the hash or signature.
 */
export type Field = string | number | Uint8Array;

export function encodeFields(fields: readonly Field[]): Buffer {
  const parts: Buffer[] = [];
  for (const field of fields) {
    const bytes = typeof field === "string" ? Buffer.from(field, "utf8") : typeof field === "number" ? u64(field) : Buffer.from(field);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}

/** A sequence number as 8 bytes, big-endian; only non-negative safe integers are sequence numbers. */
function u64(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a sequence number: ${n}`);
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(n));
  return bytes;
}

export const isSeq = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 1;
export const isHexHash = (s: unknown): s is string => typeof s === "string" && /^[0-9a-f]{64}$/.test(s);
