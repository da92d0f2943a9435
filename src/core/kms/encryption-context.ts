/**
 * Encryption context: a map of non-secret strings bound to a ciphertext as AAD. AWS compares
 * contexts as maps (order-insensitive, case-sensitive), so the AAD is one canonical
 * serialisation: entries sorted by the UTF-8 bytes of their keys, each key and value written as
 * a big-endian u16 byte length followed by its UTF-8 bytes, after a u16 entry count.
 * Byte layout pinned by docs/formats.md and encryption-context.test.ts.
 */
export type EncryptionContext = Readonly<Record<string, string>>;

export const EMPTY_CONTEXT: EncryptionContext = Object.freeze({});

export function canonicalEncryptionContext(context: EncryptionContext): Buffer {
  const keys = Object.keys(context);
  // Sorted by UTF-8 bytes (not UTF-16 units, where surrogate pairs sort differently); one key needs no sorting.
  if (keys.length > 1) {
    const encoded = new Map(keys.map((key) => [key, Buffer.from(key, "utf8")]));
    keys.sort((a, b) => Buffer.compare(encoded.get(a)!, encoded.get(b)!));
  }
  let size = 2;
  for (const key of keys) size += 4 + Buffer.byteLength(key, "utf8") + Buffer.byteLength(context[key]!, "utf8");
  const out = Buffer.alloc(size);
  let offset = out.writeUInt16BE(keys.length, 0);
  for (const key of keys) {
    offset = writeField(out, offset, key);
    offset = writeField(out, offset, context[key]!);
  }
  return out;
}

/** A u16 BE byte length, then the UTF-8 bytes. */
function writeField(out: Buffer, offset: number, text: string): number {
  const length = out.write(text, offset + 2, "utf8");
  out.writeUInt16BE(length, offset);
  return offset + 2 + length;
}

export function sameEncryptionContext(a: EncryptionContext, b: EncryptionContext): boolean {
  return canonicalEncryptionContext(a).equals(canonicalEncryptionContext(b));
}
