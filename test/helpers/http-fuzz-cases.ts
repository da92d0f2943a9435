/**
 * Hostile HTTP requests as bytes, for test/fuzz-http.test.ts. Two kinds:
 *
 * - `signedCase`: a request to a real operation, SigV4-signed by the AWS SDK's signer over a
 *   hostile body, then perhaps damaged where SigV4 looks (Authorization, X-Amz-Date, X-Amz-Target,
 *   the security token, signed headers, a body byte). Its framing stays valid HTTP, so many of them
 *   share one connection (pipelined).
 * - `framingCase`: bytes that break HTTP itself (request lines, header names and values with
 *   CR/LF/NUL/obs-fold/invalid bytes, huge or duplicate headers, Content-Length against the body,
 *   chunked encoding edge cases, random byte damage to a signed request). One per connection.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import { Sha256Hasher } from "../../src/core/crypto/sha256-hasher.js";
import { TARGETS, hostileBody, type FuzzTarget } from "./fuzz-bodies.js";
import { ADMIN, REGION } from "./server.js";

type Headers = [string, string][];

/** A damage done to a signed request, as data (so fast-check prints it). */
type Mutation =
  | { readonly kind: "signature-flip"; readonly at: number }
  | { readonly kind: "authorization-field"; readonly field: "Credential" | "SignedHeaders" | "Signature"; readonly text: string }
  | { readonly kind: "credential-part"; readonly part: number; readonly text: string }
  | { readonly kind: "set" | "add"; readonly name: string; readonly text: string }
  | { readonly kind: "drop"; readonly name: string }
  | { readonly kind: "date-shift"; readonly seconds: number }
  | { readonly kind: "header-byte"; readonly at: number; readonly byte: number }
  | { readonly kind: "body-byte"; readonly at: number; readonly byte: number }
  | { readonly kind: "query"; readonly text: string };

export interface SignedCase {
  readonly target: FuzzTarget;
  readonly body: Buffer;
  readonly mutations: readonly Mutation[];
}

/** Text a header value may hold (visible ASCII, space, tab, obs-text), and no CR, LF or NUL. */
const headerText = (maxLength: number) => fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09), fc.integer({ min: 0x80, max: 0xff })).map((c) => String.fromCharCode(c)), maxLength });
const token = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&'*+^`|~"), minLength: 1, maxLength: 24 });
const SIGNED_HEADER_NAMES = ["authorization", "x-amz-date", "x-amz-target", "content-type", "host", "x-amz-security-token", "date", "x-amz-content-sha256"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("signature-flip" as const), at: fc.nat(63) }),
  fc.record({ kind: fc.constant("authorization-field" as const), field: fc.constantFrom("Credential" as const, "SignedHeaders" as const, "Signature" as const), text: fc.oneof(headerText(80).filter((t) => !t.includes(",")), fc.stringMatching(/^[0-9a-f]{0,70}$/)) }),
  fc.record({ kind: fc.constant("credential-part" as const), part: fc.nat(5), text: fc.oneof(token, fc.constantFrom("", "AKIAUNKNOWN000000000", "19700101", "20991231", "eu-west-1", "sts", "aws4_request ", "aws4_request/x")) }),
  fc.record({ kind: fc.constantFrom("set" as const, "add" as const), name: fc.oneof(fc.constantFrom(...SIGNED_HEADER_NAMES), token), text: fc.oneof(headerText(120), fc.constantFrom("AWS4-HMAC-SHA256", "TrentService.", "TrentService.Encrypt", "trentservice.ListKeys", "secretsmanager.GetSecretValue", "AmazonSSM.", "StrongboxAdmin.Seal", "20200101T000000Z", "Thu, 01 Jan 1970 00:00:00 GMT", "application/json", "application/x-www-form-urlencoded", "UNSIGNED-PAYLOAD")) }),
  // Not Host: HTTP/1.1 requires it, and Node answers its absence 400 and closes (a framing case).
  fc.record({ kind: fc.constant("drop" as const), name: fc.constantFrom(...SIGNED_HEADER_NAMES.filter((name) => name !== "host")) }),
  fc.record({ kind: fc.constant("date-shift" as const), seconds: fc.oneof(fc.constantFrom(-301, -299, 299, 301, -86_400, 86_400 * 365 * 100), fc.integer({ min: -1e6, max: 1e6 })) }),
  fc.record({ kind: fc.constant("header-byte" as const), at: fc.nat(), byte: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })) }),
  fc.record({ kind: fc.constant("body-byte" as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant("query" as const), text: fc.oneof(fc.webQueryParameters(), fc.constantFrom("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Signature=00&X-Amz-Credential=a/b/c/d/e", "Action=ListUsers", "%", "%zz", "a=%00")) }),
);

export const signedCase: fc.Arbitrary<SignedCase> = fc.record({
  target: fc.constantFrom(...TARGETS),
  body: hostileBody,
  // Half the cases are signed as they are, so that their bodies reach the JSON parser and the operation.
  mutations: fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })),
});

const signers = new Map<string, SignatureV4>();

/** The request, signed and then damaged as the case says: the request line, headers and body, framed by Content-Length. */
export async function signedRequest(port: number, c: SignedCase, options: { close?: boolean } = {}): Promise<{ head: string; body: Buffer }> {
  const host = `127.0.0.1:${port}`;
  let signer = signers.get(c.target.service);
  if (signer === undefined) {
    signer = new SignatureV4({ credentials: ADMIN, region: REGION, service: c.target.service, sha256: Sha256Hasher });
    signers.set(c.target.service, signer);
  }
  const shift = c.mutations.find((m) => m.kind === "date-shift");
  const signingDate = new Date(Date.now() + (shift?.kind === "date-shift" ? shift.seconds * 1000 : 0));
  const signed = await signer.sign(
    { method: "POST", protocol: "http:", hostname: "127.0.0.1", port, path: "/", query: {}, headers: { host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `${c.target.prefix}${c.target.operation}` }, body: c.body },
    { signingDate },
  );
  const headers: Headers = Object.entries(signed.headers as Record<string, string>);
  const body = Buffer.from(c.body);
  let path = "/";
  for (const m of c.mutations) {
    if (m.kind === "query") path = `/?${m.text}`;
    else if (m.kind === "body-byte" && body.length > 0) body[m.at % body.length] = m.byte;
    else applyToHeaders(headers, m);
  }
  if (options.close) headers.push(["connection", "close"]);
  headers.push(["content-length", String(body.length)]);
  return { head: `POST ${path} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`, body };
}

function applyToHeaders(headers: Headers, m: Mutation): void {
  const find = (name: string) => headers.findIndex(([n]) => n.toLowerCase() === name);
  const authorization = find("authorization");
  switch (m.kind) {
    case "signature-flip":
    case "authorization-field":
    case "credential-part": {
      if (authorization < 0) return;
      let value = headers[authorization]![1];
      if (m.kind === "signature-flip") {
        const at = value.indexOf("Signature=") + "Signature=".length + m.at;
        value = `${value.slice(0, at)}${value[at] === "0" ? "1" : "0"}${value.slice(at + 1)}`;
      } else if (m.kind === "authorization-field") value = value.replace(new RegExp(`${m.field}=[^,]*`), `${m.field}=${m.text}`);
      else value = value.replace(/Credential=([^,]*)/, (_, credential: string) => `Credential=${credential.split("/").map((p, i) => (i === m.part ? m.text : p)).join("/")}`);
      headers[authorization]![1] = value;
      return;
    }
    case "set": {
      const at = find(m.name.toLowerCase());
      if (at >= 0) headers[at]![1] = m.text;
      else headers.push([m.name, m.text]);
      return;
    }
    case "add":
      headers.push([m.name, m.text]);
      return;
    case "drop": {
      const at = find(m.name);
      if (at >= 0) headers.splice(at, 1);
      return;
    }
    case "header-byte": {
      const [name, value] = headers[m.at % headers.length]!;
      if (value.length === 0) return;
      const i = Math.floor(m.at / headers.length) % value.length;
      headers[m.at % headers.length] = [name, `${value.slice(0, i)}${String.fromCharCode(m.byte)}${value.slice(i + 1)}`];
      return;
    }
    default:
      return;
  }
}

export function requestBytes(request: { head: string; body: Buffer }): Buffer {
  return Buffer.concat([Buffer.from(request.head, "latin1"), request.body]);
}

/** A request that ends a pipeline: the server answers it and closes the connection. */
export const CLOSE_PIPELINE = Buffer.from("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", "latin1");
