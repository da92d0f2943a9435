import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalRequest, canonicalUri } from "./canonical.js";
import type { HttpRequestParts, SignedRequest } from "./signed-request.js";

const signed = (signedHeaders: string[]): SignedRequest => ({
  form: "header",
  algorithm: "AWS4-HMAC-SHA256",
  credential: { accessKeyId: "AKID", date: "20261130", region: "us-east-1", service: "kms", terminator: "aws4_request" },
  amzDate: "20261130T120000Z",
  signedHeaders,
  signature: "",
  expiresSeconds: undefined,
  securityToken: undefined,
});

test("the canonical request trims header values, collapses inner whitespace, and joins repeated headers with commas", () => {
  const parts: HttpRequestParts = {
    method: "post",
    rawPath: "/",
    rawQuery: "",
    headers: { host: ["example.com"], "x-a": ["  one   two\tthree  "], "x-b": ["first", " second "], "x-c": ["plain value"] },
    body: Buffer.from("{}"),
  };
  const text = canonicalRequest(parts, signed(["host", "x-a", "x-b", "x-c", "x-missing"]));
  assert.equal(
    text,
    [
      "POST",
      "/",
      "",
      "host:example.com\nx-a:one two three\nx-b:first,second\nx-c:plain value\nx-missing:\n",
      "host;x-a;x-b;x-c;x-missing",
      "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
    ].join("\n"),
  );
});

test("canonical URIs normalise dot and empty segments and encode each segment once more", () => {
  assert.equal(canonicalUri("/"), "/");
  assert.equal(canonicalUri("/a/./b/../c//d/"), "/a/c/d/");
  assert.equal(canonicalUri("/a%20b"), "/a%2520b");
});
