import { constants, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";

// RSA signatures over a digest the caller already computed (MessageType DIGEST). node:crypto only
// signs messages it hashes itself, so the encodings of RFC 8017 are built here and the raw RSA
// operation is OpenSSL's (privateEncrypt / publicDecrypt without padding).

type Sha2 = "sha256" | "sha384" | "sha512";

/** DER prefixes of DigestInfo { AlgorithmIdentifier { sha-2 OID, NULL }, OCTET STRING } (RFC 8017 §9.2 note 1). */
const DIGEST_INFO_PREFIX: Readonly<Record<Sha2, Buffer>> = {
  sha256: Buffer.from("3031300d060960864801650304020105000420", "hex"),
  sha384: Buffer.from("3041300d060960864801650304020205000430", "hex"),
  sha512: Buffer.from("3051300d060960864801650304020305000440", "hex"),
};

/** RSASSA-PKCS1-v1_5 of a digest: OpenSSL adds the type-1 padding to the DigestInfo we give it. */
export function pkcs1SignDigest(key: KeyObject, hash: Sha2, digest: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]));
}

export function pkcs1VerifyDigest(key: KeyObject, hash: Sha2, digest: Buffer, signature: Buffer): boolean {
  if (signature.length !== modulusBytes(key)) return false;
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const expected = Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

/**
 * RSASSA-PSS of a digest (RFC 8017 §8.1.1, EMSA-PSS-ENCODE §9.1.1) with MGF1 over the same hash
 * and a salt as long as the hash, as AWS documents for RSASSA_PSS_SHA_*. The salt is public and
 * comes from OpenSSL's CSPRNG, as it does when OpenSSL signs a RAW message.
 */
export function pssSignDigest(key: KeyObject, hash: Sha2, digest: Buffer): Buffer {
  const hLen = digest.length;
  const k = modulusBytes(key);
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.alloc(emLen - hLen - 1);
  db[db.length - hLen - 1] = 0x01;
  salt.copy(db, db.length - hLen);
  xorInto(db, mgf1(hash, h, db.length));
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.alloc(k);
  db.copy(em, k - emLen);
  h.copy(em, k - hLen - 1);
  em[k - 1] = 0xbc;
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with sLen = hLen; false on any inconsistency. */
export function pssVerifyDigest(key: KeyObject, hash: Sha2, digest: Buffer, signature: Buffer): boolean {
  const hLen = digest.length;
  const k = modulusBytes(key);
  if (signature.length !== k) return false;
  let decrypted: Buffer;
  try {
    decrypted = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = modulusBits(key) - 1;
  const emLen = Math.ceil(emBits / 8);
  if (decrypted.length !== k || emLen < 2 * hLen + 2) return false;
  if (decrypted.subarray(0, k - emLen).some((byte) => byte !== 0)) return false;
  const em = decrypted.subarray(k - emLen);
  if (em[emLen - 1] !== 0xbc) return false;
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((em[0]! & ~topMask) !== 0) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  xorInto(db, mgf1(hash, h, db.length));
  db[0]! &= topMask;
  const separator = db.length - hLen - 1;
  if (db.subarray(0, separator).some((byte) => byte !== 0) || db[separator] !== 0x01) return false;
  const salt = db.subarray(separator + 1);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return timingSafeEqual(expected, h);
}

/** MGF1 (RFC 8017 §B.2.1). */
function mgf1(hash: Sha2, seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let i = 0, produced = 0; produced < length; i++) {
    counter.writeUInt32BE(i);
    const block = createHash(hash).update(seed).update(counter).digest();
    blocks.push(block);
    produced += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xorInto(target: Buffer, mask: Buffer): void {
  for (let i = 0; i < target.length; i++) target[i]! ^= mask[i]!;
}

function modulusBits(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw new Error("not an RSA key");
  return bits;
}

function modulusBytes(key: KeyObject): number {
  return Math.ceil(modulusBits(key) / 8);
}
