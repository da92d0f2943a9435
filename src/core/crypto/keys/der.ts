// The little DER this module needs: building and reading SubjectPublicKeyInfo (RFC 5280) and
// PKCS#8 (RFC 5958) structures that node:crypto cannot make for us (ML-DSA, ML-KEM) or whose
// fields we must reach without copying the secret (the EC scalar, the Ed25519 seed).

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  SEQUENCE: 0x30,
  CONTEXT_0_PRIMITIVE: 0x80,
} as const;

/** One decoded TLV: `content` is a view into the input (no copy, so secrets stay in place). */
export interface Tlv {
  readonly tag: number;
  readonly content: Buffer;
  /** Offset just past this TLV in the buffer it was read from. */
  readonly end: number;
}

export class DerError extends Error {
  override readonly name = "DerError";
}

/**
 * Encodes one TLV into a fresh zero-initialised buffer. When the parts hold secret bytes, the
 * caller wipes both the parts it made and the result.
 */
export function encodeTlv(tag: number, ...parts: readonly Uint8Array[]): Buffer {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const header = lengthHeader(tag, length);
  const out = Buffer.alloc(header.length + length);
  out.set(header, 0);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function lengthHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

/** Reads the TLV at `offset`, strictly: definite, minimal lengths that fit the buffer. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new DerError("truncated DER");
  const tag = buf[offset]!;
  const first = buf[offset + 1]!;
  let length = first;
  let start = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 3 || start + count > buf.length) throw new DerError("unsupported DER length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[start + i]!;
    if (length < 0x80 || buf[start] === 0) throw new DerError("non-minimal DER length");
    start += count;
  }
  const end = start + length;
  if (end > buf.length) throw new DerError("truncated DER");
  return { tag, content: buf.subarray(start, end), end };
}

/** Reads a whole buffer as exactly one TLV with the given tag. */
export function readOnly(buf: Buffer, tag: number): Tlv {
  const tlv = readTlv(buf, 0);
  if (tlv.tag !== tag || tlv.end !== buf.length) throw new DerError("unexpected DER structure");
  return tlv;
}

/** The TLVs inside a constructed value, each checked against the expected tags in order. */
export function readChildren(content: Buffer, tags: readonly number[], options: { allowTrailing?: boolean } = {}): Tlv[] {
  const children: Tlv[] = [];
  let offset = 0;
  for (const tag of tags) {
    const tlv = readTlv(content, offset);
    if (tlv.tag !== tag) throw new DerError("unexpected DER tag");
    children.push(tlv);
    offset = tlv.end;
  }
  if (!options.allowTrailing && offset !== content.length) throw new DerError("unexpected trailing DER");
  return children;
}

/** Object identifiers, as DER TLVs, of the algorithms whose keys we encode by hand. */
export const OID = {
  // NIST CSOR: id-ml-dsa-44/65/87 = 2.16.840.1.101.3.4.3.17-19 (RFC 9881).
  ML_DSA_44: Buffer.from("0609608648016503040311", "hex"),
  ML_DSA_65: Buffer.from("0609608648016503040312", "hex"),
  ML_DSA_87: Buffer.from("0609608648016503040313", "hex"),
  // id-alg-ml-kem-512/768/1024 = 2.16.840.1.101.3.4.4.1-3 (RFC 9935).
  ML_KEM_512: Buffer.from("0609608648016503040401", "hex"),
  ML_KEM_768: Buffer.from("0609608648016503040402", "hex"),
  ML_KEM_1024: Buffer.from("0609608648016503040403", "hex"),
  EC_PUBLIC_KEY: Buffer.from("06072a8648ce3d0201", "hex"),
  ED25519: Buffer.from("06032b6570", "hex"),
  P256: Buffer.from("06082a8648ce3d030107", "hex"),
  P384: Buffer.from("06052b81040022", "hex"),
  P521: Buffer.from("06052b81040023", "hex"),
  SECP256K1: Buffer.from("06052b8104000a", "hex"),
} as const;

const VERSION_0 = Buffer.from("020100", "hex");
const VERSION_1 = Buffer.from("020101", "hex");

/** SubjectPublicKeyInfo with an AlgorithmIdentifier of just an OID (no parameters). */
export function encodeSpki(oid: Buffer, rawPublicKey: Uint8Array): Buffer {
  return encodeTlv(TAG.SEQUENCE, encodeTlv(TAG.SEQUENCE, oid), encodeTlv(TAG.BIT_STRING, Buffer.from([0]), rawPublicKey));
}

/** The raw key of a parameterless SPKI, or undefined if the DER or its OID is not as expected. */
export function decodeSpki(der: Buffer, oid: Buffer): Buffer | undefined {
  try {
    const [algorithm, key] = readChildren(readOnly(der, TAG.SEQUENCE).content, [TAG.SEQUENCE, TAG.BIT_STRING]);
    if (!algorithm!.content.equals(oid) || key!.content[0] !== 0) return undefined;
    return key!.content.subarray(1);
  } catch {
    return undefined;
  }
}

/**
 * PKCS#8 holding only a seed, as RFC 9881 (ML-DSA) and RFC 9935 (ML-KEM) define it:
 * OneAsymmetricKey { version 0, AlgorithmIdentifier { oid }, privateKey OCTET STRING { [0] seed } }.
 * The result holds the seed: the caller owns it and must wipe it.
 */
export function encodeSeedPkcs8(oid: Buffer, seed: Uint8Array): Buffer {
  const inner = encodeTlv(TAG.CONTEXT_0_PRIMITIVE, seed);
  const privateKey = encodeTlv(TAG.OCTET_STRING, inner);
  try {
    return encodeTlv(TAG.SEQUENCE, VERSION_0, encodeTlv(TAG.SEQUENCE, oid), privateKey);
  } finally {
    inner.fill(0);
    privateKey.fill(0);
  }
}

/** The seed inside `encodeSeedPkcs8`'s output, as a view; throws DerError on anything else. */
export function decodeSeedPkcs8(der: Buffer, oid: Buffer, seedBytes: number): Buffer {
  const [version, algorithm, privateKey] = readChildren(readOnly(der, TAG.SEQUENCE).content, [TAG.INTEGER, TAG.SEQUENCE, TAG.OCTET_STRING]);
  if (version!.content.length !== 1 || version!.content[0] !== 0 || !algorithm!.content.equals(oid)) throw new DerError("not this key type");
  const seed = readOnly(privateKey!.content, TAG.CONTEXT_0_PRIMITIVE).content;
  if (seed.length !== seedBytes) throw new DerError("wrong seed length");
  return seed;
}

/**
 * PKCS#8 of an EC private scalar without its public point (RFC 5915 allows leaving it out; OpenSSL
 * computes it on import). The result holds the scalar: the caller must wipe it.
 */
export function encodeEcPkcs8(curveOid: Buffer, scalar: Uint8Array): Buffer {
  const octets = encodeTlv(TAG.OCTET_STRING, scalar);
  const ecPrivateKey = encodeTlv(TAG.SEQUENCE, VERSION_1, octets);
  const privateKey = encodeTlv(TAG.OCTET_STRING, ecPrivateKey);
  try {
    return encodeTlv(TAG.SEQUENCE, VERSION_0, encodeTlv(TAG.SEQUENCE, OID.EC_PUBLIC_KEY, curveOid), privateKey);
  } finally {
    octets.fill(0);
    ecPrivateKey.fill(0);
    privateKey.fill(0);
  }
}

/** The private scalar inside an EC PKCS#8 on `curveOid` (as node:crypto exports it), as a view. */
export function decodeEcPkcs8Scalar(der: Buffer, curveOid: Buffer): Buffer {
  const [, algorithm, privateKey] = readChildren(readOnly(der, TAG.SEQUENCE).content, [TAG.INTEGER, TAG.SEQUENCE, TAG.OCTET_STRING], { allowTrailing: true });
  if (!algorithm!.content.equals(Buffer.concat([OID.EC_PUBLIC_KEY, curveOid]))) throw new DerError("not a key on this curve");
  const ecPrivateKey = readOnly(privateKey!.content, TAG.SEQUENCE);
  const [version, scalar] = readChildren(ecPrivateKey.content, [TAG.INTEGER, TAG.OCTET_STRING], { allowTrailing: true });
  if (version!.content.length !== 1 || version!.content[0] !== 1) throw new DerError("not an ECPrivateKey");
  return scalar!.content;
}

/** PKCS#8 of an Ed25519 seed (RFC 8410). The result holds the seed: the caller must wipe it. */
export function encodeEd25519Pkcs8(seed: Uint8Array): Buffer {
  const curvePrivateKey = encodeTlv(TAG.OCTET_STRING, seed);
  const privateKey = encodeTlv(TAG.OCTET_STRING, curvePrivateKey);
  try {
    return encodeTlv(TAG.SEQUENCE, VERSION_0, encodeTlv(TAG.SEQUENCE, OID.ED25519), privateKey);
  } finally {
    curvePrivateKey.fill(0);
    privateKey.fill(0);
  }
}

/** The 32-byte seed inside an Ed25519 PKCS#8, as a view. */
export function decodeEd25519Pkcs8Seed(der: Buffer): Buffer {
  const [, algorithm, privateKey] = readChildren(readOnly(der, TAG.SEQUENCE).content, [TAG.INTEGER, TAG.SEQUENCE, TAG.OCTET_STRING], { allowTrailing: true });
  if (!algorithm!.content.equals(OID.ED25519)) throw new DerError("not an Ed25519 key");
  const seed = readOnly(privateKey!.content, TAG.OCTET_STRING).content;
  if (seed.length !== 32) throw new DerError("wrong Ed25519 seed length");
  return seed;
}
