// The ceiling for Encrypt on this runtime: a server that does only what no KMS can skip. HTTP and
// the body, JSON parse, SigV4 verification (Strongbox's own code, the signing key derived once),
// base64 decoding, AES-256-GCM under an in-memory key with a fresh IV, the JSON answer. No
// validation, key lookup, policy, audit trail or error handling: not a KMS, a measuring stick
// (bench/ceiling.ts). argv[2] is the secret access key the requests were signed with; with a file
// path as argv[3], each call also writes a record to that file and is answered only once the
// record is durable: group commit, one fdatasync for every record written while the previous one
// ran, into a file written in full at start so that no write changes its size (the fdatasync then
// has no metadata to journal): the leanest durable audit trail we know, for the latency ceiling.
import { createServer } from "node:http";
import { createCipheriv, randomBytes } from "node:crypto";
import { fdatasync, fdatasyncSync, openSync, write, writeSync } from "node:fs";
import { parseSignedRequest } from "../../dist/protocol/sigv4/signed-request.js";
import { deriveSigningKey, verifySignature } from "../../dist/protocol/sigv4/verify.js";
import { SecretBytes } from "../../dist/core/secret-bytes.js";

const secret = SecretBytes.copyOf(Buffer.from(process.argv[2]));
const key = randomBytes(32);
const LOG_BYTES = 64 * 1024 * 1024;
const log = process.argv[3] === undefined ? undefined : openSync(process.argv[3], "w");
if (log !== undefined) {
  const zeros = Buffer.alloc(1024 * 1024);
  for (let at = 0; at < LOG_BYTES; at += zeros.length) writeSync(log, zeros, 0, zeros.length, at);
  fdatasyncSync(log);
}
let logAt = 0;
let pending = [];
let syncing = false;
/** Appends `line` and calls `done` once it is on disk, batching every line that arrives meanwhile. */
function recordDurably(line, done) {
  pending.push({ line, done });
  if (!syncing) flush();
}
function flush() {
  const batch = pending;
  pending = [];
  syncing = true;
  const bytes = Buffer.from(batch.map((b) => b.line).join(""));
  // Round the ring: the records are a measuring stick, not a trail anyone reads back.
  if (logAt + bytes.length > LOG_BYTES) logAt = 0;
  const at = logAt;
  logAt += bytes.length;
  write(log, bytes, 0, bytes.length, at, (writeError) => {
    if (writeError) throw writeError;
    fdatasync(log, (syncError) => {
      if (syncError) throw syncError;
      for (const b of batch) b.done();
      syncing = false;
      if (pending.length > 0) flush();
    });
  });
}
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
    const send = () => {
      res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1", "Content-Length": Buffer.byteLength(answer), "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000" });
      res.end(answer);
    };
    if (log === undefined) send();
    else recordDurably(`${JSON.stringify({ eventName: "Encrypt", keyId: input.KeyId, time: Date.now(), sourceIPAddress: req.socket.remoteAddress })}\n`, send);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));
