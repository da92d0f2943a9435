import { createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from "node:crypto";

/** The primitives the benchmarked operations spend their cryptography on. */
export type Primitive = "aes-gcm-seal-1k" | "aes-gcm-open-1k" | "data-key" | "ecdsa-p256-sign" | "ecdsa-p256-verify" | "rsa2048-pss-sign" | "rsa2048-pss-verify" | "hmac-sha256-1k";

/**
 * The crypto ceiling: how many times per second one thread of this machine runs each primitive
 * through node:crypto, with keys already parsed (KeyObjects), nothing else. No server doing the
 * same work per request can beat it.
 */
export function measureCryptoFloors(secondsEach: number): Record<Primitive, number> {
  const aesKey = randomBytes(32);
  const kilobyte = randomBytes(1024);
  const aad = Buffer.from('{"purpose":"bench"}');
  const seal = (plaintext: Buffer) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", aesKey, iv);
    cipher.setAAD(aad);
    return { iv, body: Buffer.concat([cipher.update(plaintext), cipher.final()]), tag: cipher.getAuthTag() };
  };
  const sealed = seal(kilobyte);
  const ec = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const message = randomBytes(256);
  const pss = (key: KeyObject) => ({ key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 });
  const ecSignature = sign("sha256", message, { key: ec.privateKey, dsaEncoding: "der" });
  const rsaSignature = sign("sha256", message, pss(rsa.privateKey));
  const macKey = randomBytes(32);
  const work: Record<Primitive, () => unknown> = {
    "aes-gcm-seal-1k": () => seal(kilobyte),
    "aes-gcm-open-1k": () => {
      const decipher = createDecipheriv("aes-256-gcm", aesKey, sealed.iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.tag);
      return Buffer.concat([decipher.update(sealed.body), decipher.final()]);
    },
    "data-key": () => seal(randomBytes(32)),
    "ecdsa-p256-sign": () => sign("sha256", message, { key: ec.privateKey, dsaEncoding: "der" }),
    "ecdsa-p256-verify": () => verify("sha256", message, { key: ec.publicKey, dsaEncoding: "der" }, ecSignature),
    "rsa2048-pss-sign": () => sign("sha256", message, pss(rsa.privateKey)),
    "rsa2048-pss-verify": () => verify("sha256", message, pss(rsa.publicKey), rsaSignature),
    "hmac-sha256-1k": () => createHmac("sha256", macKey).update(kilobyte).digest(),
  };
  const rates = {} as Record<Primitive, number>;
  for (const [name, fn] of Object.entries(work) as [Primitive, () => unknown][]) rates[name] = opsPerSecond(fn, secondsEach);
  return rates;
}

function opsPerSecond(fn: () => unknown, seconds: number): number {
  for (let i = 0; i < 200; i++) fn();
  let ops = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  let now = started;
  while (now < until) {
    for (let i = 0; i < 50; i++) fn();
    ops += 50;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - started) / 1e9);
}
