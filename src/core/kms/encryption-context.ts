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
  const entries = Object.entries(context).map(([key, value]) => [Buffer.from(key, "utf8"), Buffer.from(value, "utf8")] as const);
  entries.sort((a, b) => Buffer.compare(a[0], b[0]));
  const size = 2 + entries.reduce((sum, [k, v]) => sum + 4 + k.length + v.length, 0);
  const out = Buffer.alloc(size);
  let offset = out.writeUInt16BE(entries.length, 0);
  for (const [key, value] of entries) {
    offset = out.writeUInt16BE(key.length, offset);
    offset += key.copy(out, offset);
    offset = out.writeUInt16BE(value.length, offset);
    offset += value.copy(out, offset);
  }
  return out;
}

export function sameEncryptionContext(a: EncryptionContext, b: EncryptionContext): boolean {
  return canonicalEncryptionContext(a).equals(canonicalEncryptionContext(b));
}
