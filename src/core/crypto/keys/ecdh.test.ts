import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, diffieHellman, ECDH, generateKeyPairSync, randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveSharedSecret, generateKeyMaterial, KeyOperationError } from "./index.js";

const CURVES = { ECC_NIST_P256: ["prime256v1", 32], ECC_NIST_P384: ["secp384r1", 48], ECC_NIST_P521: ["secp521r1", 66] } as const;
const reveal = (secret: { use<T>(fn: (b: Buffer) => T): T }) => secret.use((b) => Buffer.from(b));
const isReason = (reason: string) => (error: unknown) => error instanceof KeyOperationError && error.reason === reason;

for (const [spec, [curve, bytes]] of Object.entries(CURVES) as [keyof typeof CURVES, (typeof CURVES)[keyof typeof CURVES]][]) {
  test(`${spec}: the raw ECDH secret equals node:crypto's and openssl's`, async () => {
    const ours = await generateKeyMaterial(spec, randomBytes);
    const peer = generateKeyPairSync("ec", { namedCurve: curve });
    const peerSpki = peer.publicKey.export({ format: "der", type: "spki" });
    const secret = reveal(deriveSharedSecret(spec, ours.privateKey, peerSpki));
    assert.equal(secret.length, bytes);
    assert.deepEqual(secret, diffieHellman({ privateKey: peer.privateKey, publicKey: createPublicKey({ key: ours.publicKey!, format: "der", type: "spki" }) }));

    const dir = mkdtempSync(join(tmpdir(), "strongbox-ecdh-"));
    try {
      const ourPem = ours.privateKey.use((der) => createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }));
      writeFileSync(join(dir, "ours.pem"), ourPem);
      writeFileSync(join(dir, "peer.pem"), peer.publicKey.export({ format: "pem", type: "spki" }));
      const derived = execFileSync("openssl", ["pkeyutl", "-derive", "-inkey", "ours.pem", "-peerkey", "peer.pem"], { cwd: dir });
      assert.deepEqual(secret, derived);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Two keys of ours agree with each other.
    const other = await generateKeyMaterial(spec, randomBytes);
    assert.deepEqual(reveal(deriveSharedSecret(spec, other.privateKey, ours.publicKey!)), reveal(deriveSharedSecret(spec, ours.privateKey, other.publicKey!)));
  });
}

test("a compressed peer point (still SPKI) is accepted", async () => {
  const ours = await generateKeyMaterial("ECC_NIST_P256", randomBytes);
  const peer = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const uncompressed = peer.publicKey.export({ format: "der", type: "spki" });
  const point = uncompressed.subarray(uncompressed.length - 65);
  const compressed = ECDH.convertKey(point, "prime256v1", undefined, undefined, "compressed") as Buffer;
  const spki = Buffer.concat([Buffer.from("3039301306072a8648ce3d020106082a8648ce3d030107032200", "hex"), compressed]);
  assert.deepEqual(reveal(deriveSharedSecret("ECC_NIST_P256", ours.privateKey, spki)), reveal(deriveSharedSecret("ECC_NIST_P256", ours.privateKey, uncompressed)));
});

test("a peer key on another curve, of another type, off the curve or malformed is a KeyOperationError", async () => {
  const ours = await generateKeyMaterial("ECC_NIST_P256", randomBytes);
  const onP384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" }).publicKey.export({ format: "der", type: "spki" });
  const onK1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey.export({ format: "der", type: "spki" });
  const ed = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" });
  for (const peer of [onP384, onK1, ed]) {
    assert.throws(() => deriveSharedSecret("ECC_NIST_P256", ours.privateKey, peer), isReason("invalid-public-key"));
  }
  const offCurve = Buffer.from(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "der", type: "spki" }));
  offCurve[offCurve.length - 1]! ^= 0x01; // y no longer matches x
  assert.throws(() => deriveSharedSecret("ECC_NIST_P256", ours.privateKey, offCurve), isReason("invalid-public-key"));
  assert.throws(() => deriveSharedSecret("ECC_NIST_P256", ours.privateKey, Buffer.from("not a key")), isReason("invalid-public-key"));
  assert.throws(() => deriveSharedSecret("ECC_NIST_P256", ours.privateKey, Buffer.alloc(0)), isReason("invalid-public-key"));
});

test("specs without KEY_AGREEMENT are refused", async () => {
  const k1 = await generateKeyMaterial("ECC_SECG_P256K1", randomBytes);
  assert.throws(() => deriveSharedSecret("ECC_SECG_P256K1", k1.privateKey, k1.publicKey!), isReason("incompatible-algorithm"));
  const ed = await generateKeyMaterial("ECC_NIST_EDWARDS25519", randomBytes);
  assert.throws(() => deriveSharedSecret("ECC_NIST_EDWARDS25519", ed.privateKey, ed.publicKey!), isReason("incompatible-algorithm"));
  assert.throws(() => deriveSharedSecret("SM2", ed.privateKey, ed.publicKey!), isReason("unsupported"));
});

test("degenerate peer keys are refused before OpenSSL sees them: the point at infinity, a short point, a point off the curve", async () => {
  const { privateKey } = await generateKeyMaterial("ECC_NIST_P256", randomBytes);
  const spkiWithPoint = (point: Buffer) =>
    Buffer.concat([Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex").subarray(0, 25), Buffer.from([0x03, point.length + 1, 0x00]), point]);
  const infinity = Buffer.from("3019301306072a8648ce3d020106082a8648ce3d03010703020000", "hex");
  const offCurve = Buffer.concat([Buffer.from([4]), Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
  for (const peer of [infinity, spkiWithPoint(Buffer.from([4, 1, 2, 3])), spkiWithPoint(offCurve)]) {
    assert.throws(
      () => deriveSharedSecret("ECC_NIST_P256", privateKey, peer),
      (error: unknown) => error instanceof KeyOperationError && error.reason === "invalid-public-key",
    );
  }
});
