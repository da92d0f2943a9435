/**
 * What one connection or request may take of the server, against a real server with small
 * limits: body size, JSON depth, header size, slow headers (slowloris), idle connections, the
 * number of connections. Each refusal is an answer a client can read, or a closed socket, never a
 * crash, and the server keeps serving.
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, ListKeysCommand } from "@aws-sdk/client-kms";
import { ListUsersCommand } from "@aws-sdk/client-iam";
import { iamAs } from "./helpers/iam.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const LIMITS = { maxBodyBytes: 4096, maxHeaderBytes: 4096, maxJsonDepth: 8, headersTimeoutMs: 600, requestTimeoutMs: 1500, keepAliveTimeoutMs: 1000, maxConnections: 6 };

/** Opens a raw connection and resolves once it is up. */
function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves with how long the server took to close the socket (or rejects after `limitMs`). */
function closedWithin(socket: Socket, limitMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server kept the connection open for ${limitMs} ms`)), limitMs);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe("HTTP limits", () => {
  let server: TestServer;
  let port: number;

  before(async () => {
    server = await startTestServer({ config: { limits: LIMITS } });
    port = Number(new URL(server.url).port);
  });
  after(() => server.close());

  const stillServes = async () => {
    const kms = server.kms();
    try {
      assert.ok((await kms.send(new ListKeysCommand({}))).Keys);
    } finally {
      kms.destroy();
    }
  };

  test("a body over the limit is RequestEntityTooLargeException (413), a body nesting too deep SerializationException", async () => {
    const big = await signedCall(server.url, "ListKeys", { Marker: "x".repeat(LIMITS.maxBodyBytes) });
    assert.equal(big.status, 413);
    assert.equal(big.body.__type, "RequestEntityTooLargeException");
    let nested: unknown = "x";
    for (let i = 0; i < LIMITS.maxJsonDepth; i++) nested = [nested];
    const deep = await signedCall(server.url, "ListKeys", { Marker: nested });
    assert.equal(deep.status, 400);
    assert.equal(deep.body.__type, "SerializationException");
    assert.match(String(deep.body.message), /nests deeper than 8 levels/);
    // Brackets inside strings are not nesting.
    const quoted = await signedCall(server.url, "ListKeys", { Marker: "[[[[[[[[[[[[[[[[" });
    assert.notEqual(quoted.body.__type, "SerializationException");
    await stillServes();
  });

  test("headers over the limit are answered 431, and the server keeps serving", async () => {
    const socket = await open(port);
    const answer = new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
      socket.on("close", () => resolve(text));
      socket.on("error", () => resolve(text));
    });
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(LIMITS.maxHeaderBytes * 2)}\r\n\r\n`);
    assert.match(await answer, /^HTTP\/1\.1 431/);
    await stillServes();
  });

  test("a client that sends its headers a byte at a time (slowloris) is cut off at the headers timeout", async () => {
    const socket = await open(port);
    const request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.ListKeys\r\n";
    let i = 0;
    const drip = setInterval(() => {
      if (i < request.length && !socket.destroyed) socket.write(request[i++]!);
    }, 50);
    try {
      const ms = await closedWithin(socket, 5000);
      assert.ok(ms >= LIMITS.headersTimeoutMs - 100, `closed after ${ms} ms`);
    } finally {
      clearInterval(drip);
    }
    await stillServes();
  });

  test("an idle keep-alive connection is closed after the keep-alive timeout", async () => {
    const socket = await open(port);
    socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const ms = await closedWithin(socket, 5000);
    assert.ok(ms >= LIMITS.keepAliveTimeoutMs - 200, `closed after ${ms} ms`);
  });

  test("a client that goes away in the middle of its body is not logged as an internal fault", async () => {
    for (const path of ["/", "/sys/unseal"]) {
      const socket = await open(port);
      socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 100\r\n\r\n{"Limit":`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(server.logs().includes("the client closed the connection before its request was complete"));
    assert.doesNotMatch(server.logs(), /"level":50/);
    await stillServes();
  });

  test("connections beyond the maximum are closed as they arrive; one is accepted again once another goes", async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => open(port)));
    try {
      const extra = await open(port);
      await closedWithin(extra, 2000);
    } finally {
      for (const socket of held) socket.destroy();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stillServes();
  });
});

describe("request throttling per account", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { limits: { cryptographicPerSecond: 20, managementPerSecond: 10 } } });
  });
  after(() => server.close());

  test("past its rate an account gets ThrottlingException; the other kind of call, and a second later, go through", async () => {
    const kms = server.kms();
    try {
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))));
      const throttled = outcomes.filter((o) => o.status === "rejected" && (o.reason as Error).name === "ThrottlingException").length;
      const served = outcomes.filter((o) => o.status === "fulfilled").length;
      assert.ok(served >= 15 && served <= 30, `served ${served}`);
      assert.equal(throttled + served, 60, "every other call was throttled, with AWS's error");
      // Management calls have a rate of their own.
      assert.ok((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.ok((await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }))).CiphertextBlob);
      const raw = await signedCall(server.url, "Encrypt", { KeyId: keyId, Plaintext: Buffer.from("y").toString("base64") });
      assert.equal(raw.status, 200);
    } finally {
      kms.destroy();
    }
  });

  test("IAM and STS (the Query protocol) are throttled too, with their Throttling error", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const iam = iamAs(server);
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => iam.send(new ListUsersCommand({}))));
      const throttled = outcomes.filter((o) => o.status === "rejected" && (o.reason as Error).name === "Throttling").length;
      const served = outcomes.filter((o) => o.status === "fulfilled").length;
      assert.ok(served >= 5 && served <= 20, `served ${served}`);
      assert.equal(throttled + served, 40, "every other call was throttled, with IAM's error");
    } finally {
      iam.destroy();
    }
  });
});
