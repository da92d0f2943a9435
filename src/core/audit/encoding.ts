/**
 * Length-prefixed fields: each is a u32 BE byte length followed by the bytes (strings as UTF-8,
 * sequence numbers as u64 BE). No two different field lists encode to the same bytes, so nothing
 * can be moved from one field into its neighbour without changing the hash or signature.
 */
export type Field = string | number | Uint8Array;

export function encodeFields(fields: readonly Field[]): Buffer {
  // Sized first, then written in place: one allocation instead of a buffer per field and a
  // concat (every audit record's chain hash passes here).
  let size = 0;
  for (const field of fields) size += 4 + fieldLength(field);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const field of fields) {
    const length = fieldLength(field);
    at = out.writeUInt32BE(length, at);
    if (typeof field === "string") at += out.write(field, at, "utf8");
    else if (typeof field === "number") at = out.writeBigUInt64BE(BigInt(field), at);
    else {
      out.set(field, at);
      at += length;
    }
  }
  return out;
}

function fieldLength(field: Field): number {
  if (typeof field === "string") return Buffer.byteLength(field, "utf8");
  if (typeof field === "number") {
    // Only non-negative safe integers are sequence numbers; each is 8 bytes, big-endian.
    if (!Number.isSafeInteger(field) || field < 0) throw new RangeError(`not a sequence number: ${field}`);
    return 8;
  }
  return field.byteLength;
}

export const isSeq = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 1;
export const isHexHash = (s: unknown): s is string => typeof s === "string" && /^[0-9a-f]{64}$/.test(s);
