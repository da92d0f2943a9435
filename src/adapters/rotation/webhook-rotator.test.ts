import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { RotationStepFailed, type RotationSecrets } from "../../ports/rotation.js";
import { SIGNATURE_HEADER, sanitizedExcerpt, webhookRotator } from "./webhook-rotator.js";

const KEY = Buffer.from("webhook-signing-key-for-tests-0123456789");
const NOW = new Date("2026-11-30T12:00:00Z");
const clock = { now: () => NOW };
const ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf";
const TOKEN = "0e1f6c5a-2b4d-4c8e-9a7b-123456789abc";
/** The webhook rotator never calls back through the port; any use is a bug. */
const noSecrets = new Proxy({}, { get: () => assert.fail("the webhook rotator must not touch RotationSecrets") }) as RotationSecrets;

interface Received {
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  return Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, received: Received) => void): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      handler(req, res, r);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rotate`, received };
}

async function failure(promise: Promise<unknown>): Promise<RotationStepFailed> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RotationStepFailed, `expected RotationStepFailed, got ${String(error)}`);
    return error;
  }
  assert.fail("the step succeeded");
}

describe("webhookRotator", () => {
  it("POSTs the Lambda event, signed over timestamp and body, and succeeds on 2xx", async () => {
    const { url, received } = await serve((_req, res) => res.writeHead(204).end());
    const rotator = webhookRotator({ url, signingKey: KEY, clock });
    await rotator.run({ step: "setSecret", secretId: ARN, clientRequestToken: TOKEN }, noSecrets);
    assert.equal(received.length, 1);
    const [r] = received;
    assert.equal(r?.method, "POST");
    assert.equal(r?.path, "/rotate");
    assert.equal(r?.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(r?.body ?? ""), { Step: "setSecret", SecretId: ARN, ClientRequestToken: TOKEN });
    // Verified the way a webhook would: recompute over "<t>.<raw body>" and compare in constant time.
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r?.headers[SIGNATURE_HEADER]));
    assert.ok(match, "signature header format");
    assert.equal(Number(match[1]), NOW.getTime() / 1000);
    const expected = createHmac("sha256", KEY).update(`${match[1]}.${r?.body}`).digest();
    assert.ok(timingSafeEqual(expected, Buffer.from(match[2] ?? "", "hex")));
    const forged = createHmac("sha256", Buffer.from("another key")).update(`${match[1]}.${r?.body}`).digest();
    assert.notDeepEqual(forged, Buffer.from(match[2] ?? "", "hex"));
  });

  it("fails the step on a non-2xx answer, quoting at most 200 sanitized characters of the body", async () => {
    const body = `bad\r\n\u0000token\u202e${"x".repeat(5000)}`;
    const { url } = await serve((_req, res) => res.writeHead(500, { "content-type": "text/plain" }).end(body));
    const error = await failure(webhookRotator({ url, signingKey: KEY, clock }).run({ step: "testSecret", secretId: ARN, clientRequestToken: TOKEN }, noSecrets));
    assert.equal(error.step, "testSecret");
    assert.match(error.message, /^testSecret: rotation webhook answered HTTP 500: bad token x+…$/);
    assert.ok(error.message.length < 260, `message is ${error.message.length} chars`);
    assert.doesNotMatch(error.message, /[\u0000-\u001f\u007f\u202e]/);
  });

  it("does not follow redirects", async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(200).end());
    const { url } = await serve((_req, res) => res.writeHead(307, { location: elsewhere.url }).end());
    const error = await failure(webhookRotator({ url, signingKey: KEY, clock }).run({ step: "createSecret", secretId: ARN, clientRequestToken: TOKEN }, noSecrets));
    assert.match(error.message, /answered HTTP 307$/);
    assert.equal(elsewhere.received.length, 0);
  });

  it("times out a webhook that does not answer", async () => {
    const { url } = await serve(() => undefined); // never responds
    const started = Date.now();
    const error = await failure(webhookRotator({ url, signingKey: KEY, clock, timeoutMs: 200 }).run({ step: "finishSecret", secretId: ARN, clientRequestToken: TOKEN }, noSecrets));
    assert.equal(error.message, "finishSecret: rotation webhook did not answer within 200 ms");
    assert.ok(Date.now() - started < 5000);
  });

  it("times out a webhook that sends headers and then stalls mid-body", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(502);
      res.write("partial");
    });
    const error = await failure(webhookRotator({ url, signingKey: KEY, clock, timeoutMs: 200 }).run({ step: "setSecret", secretId: ARN, clientRequestToken: TOKEN }, noSecrets));
    assert.equal(error.message, "setSecret: rotation webhook did not answer within 200 ms");
  });

  it("reports an unreachable webhook by error code only", async () => {
    const { url } = await serve(() => undefined);
    const closed = servers.pop();
    closed?.closeAllConnections();
    await new Promise((r) => closed?.close(r));
    const error = await failure(webhookRotator({ url, signingKey: KEY, clock }).run({ step: "createSecret", secretId: ARN, clientRequestToken: TOKEN }, noSecrets));
    assert.equal(error.message, "createSecret: rotation webhook unreachable: network error (ECONNREFUSED)");
  });

  it("refuses a URL that is not http(s)", () => {
    assert.throws(() => webhookRotator({ url: "file:///etc/passwd", signingKey: KEY, clock }), /http or https/);
  });
});

describe("sanitizedExcerpt", () => {
  it("keeps short printable text and cuts by characters, not UTF-16 units", () => {
    assert.equal(sanitizedExcerpt("  nope\n\tnot today "), "nope not today");
    const emoji = "😀".repeat(300);
    assert.equal([...sanitizedExcerpt(emoji)].length, 200);
  });
});
