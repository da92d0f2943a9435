import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBytes } from "../../core/secret-bytes.js";
import { canonicalQuery, canonicalRequest, canonicalUri } from "./canonical.js";
import { parseSignedRequest, type HttpRequestParts } from "./signed-request.js";
import { checkFreshness, checkScope, deriveSigningKey, verifySignature } from "./verify.js";

const SECRET = SecretBytes.copyOf(Buffer.from("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

test("signing key: the AWS documentation's example", () => {
  const key = deriveSigningKey(SECRET, { date: "20120215", region: "us-east-1", service: "iam" });
  assert.equal(key.use((k) => k.toString("hex")), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
});

/** The AWS General Reference's worked example: GET iam ListUsers, signed 2015-08-30T12:36:00Z. */
const listUsers: HttpRequestParts = {
  method: "GET",
  rawPath: "/",
  rawQuery: "Action=ListUsers&Version=2010-05-08",
  headers: {
    "content-type": ["application/x-www-form-urlencoded; charset=utf-8"],
    host: ["iam.amazonaws.com"],
    "x-amz-date": ["20150830T123600Z"],
    authorization: [
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    ],
  },
  body: Buffer.alloc(0),
};

test("canonical request and signature: the AWS documentation's ListUsers example", () => {
  const signed = parseSignedRequest(listUsers);
  assert.equal(
    canonicalRequest(listUsers, signed),
    [
      "GET",
      "/",
      "Action=ListUsers&Version=2010-05-08",
      "content-type:application/x-www-form-urlencoded; charset=utf-8",
      "host:iam.amazonaws.com",
      "x-amz-date:20150830T123600Z",
      "",
      "content-type;host;x-amz-date",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ].join("\n"),
  );
  const key = deriveSigningKey(SECRET, { date: "20150830", region: "us-east-1", service: "iam" });
  assert.equal(key.use((k) => k.toString("hex")), "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  verifySignature(listUsers, signed, key);
  const tampered = { ...listUsers, rawQuery: "Action=ListUsers&Version=2010-05-09" };
  assert.throws(() => verifySignature(tampered, parseSignedRequest(tampered), key), { name: "InvalidSignatureException" });
});

test("canonical URI and query follow the RFC 3986 rules SigV4 requires", () => {
  assert.equal(canonicalUri("/"), "/");
  assert.equal(canonicalUri("/a/./b/../c//d"), "/a/c/d");
  assert.equal(canonicalUri("/a%20b"), "/a%2520b", "non-S3 services encode segments twice");
  assert.equal(canonicalQuery("b=2&a=1&a=0", "header"), "a=0&a=1&b=2");
  assert.equal(canonicalQuery("x=a%20b&y=~*", "header"), "x=a%20b&y=~%2A");
  assert.equal(canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1", "query"), "X-Amz-Date=1");
});

test("scope and freshness checks", () => {
  const signed = parseSignedRequest(listUsers);
  checkScope(signed, { service: "iam", regions: (r) => r === "us-east-1" });
  assert.throws(() => checkScope(signed, { service: "kms", regions: () => true }), /scoped to correct service: 'kms'/);
  assert.throws(() => checkScope(signed, { service: "iam", regions: () => false }), /valid region, not 'us-east-1'/);
  checkFreshness(signed, new Date("2015-08-30T12:40:59Z"));
  assert.throws(() => checkFreshness(signed, new Date("2015-08-30T12:41:01Z")), { name: "InvalidSignatureException", message: "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)" });
  assert.throws(() => checkFreshness(signed, new Date("2015-08-30T12:30:00Z")), /Signature not yet current/);
});

test("missing authentication is MissingAuthenticationTokenException; partial is IncompleteSignatureException", () => {
  assert.throws(() => parseSignedRequest({ ...listUsers, headers: {} }), { name: "MissingAuthenticationTokenException" });
  assert.throws(() => parseSignedRequest({ ...listUsers, headers: { authorization: ["AWS4-HMAC-SHA256 Credential=a/b/c/d/e"] } }), {
    name: "IncompleteSignatureException",
    message: /requires 'Signature' parameter.*requires 'SignedHeaders' parameter.*'X-Amz-Date' or a 'Date' header/,
  });
});
