// The ceiling for Encrypt on this runtime: a server that does only what no KMS can skip. HTTP and
// the body, JSON parse, SigV4 verification (Strongbox's own code, the signing key derived once),
// base64 decoding, AES-256-GCM under an in-memory key with a fresh IV, the JSON answer. No
// validation, key lookup, policy, audit trail or error handling: not a KMS, a measuring stick
// (bench/ceiling.ts). argv[2] is the secret access key the requests were signed with.
import { createServer } from "node:http";
import { createCipheriv, randomBytes } from "node:crypto";
import { parseSignedRequest } from "../../dist/protocol/sigv4/signed-request.js";
import { deriveSigningKey, verifySignature } from "../../dist/protocol/sigv4/verify.js";
import { SecretBytes } from "../../dist/core/secret-bytes.js";

const secret = SecretBytes.copyOf(Buffer.from(process.argv[2]));
const key = randomBytes(32);
let signingKey;
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const parts = { method: req.method, rawPath: "/", rawQuery: "", headers: req.headersDistinct, body };
    const signed = parseSignedRequest(parts);
    signingKey ??= deriveSigningKey(secret, { date: signed.credential.date, region: signed.credential.region, service: "kms" });
    verifySignature(parts, signed, signingKey);
    const input = JSON.parse(body.toString("utf8"));
    const plaintext = Buffer.from(input.Plaintext, "base64");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(JSON.stringify(input.EncryptionContext ?? {})));
    const ciphertext = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    plaintext.fill(0);
    const answer = JSON.stringify({ CiphertextBlob: ciphertext.toString("base64"), KeyId: input.KeyId, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
    res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1", "Content-Length": Buffer.byteLength(answer), "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000" });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));
