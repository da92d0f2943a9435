/**
 * Requests that break HTTP/1.1 itself, for test/fuzz-http.test.ts (one per connection): request
 * lines, header names and values (CR/LF injection, bare CR or LF, NUL, obs-fold, bytes over 0x7F,
 * huge and duplicate headers), Content-Length against the body, chunked encoding edge cases, and
 * random byte damage to a signed request.
 */
import fc from "fast-check";
import { requestBytes, signedCase, signedRequest, type SignedCase } from "./http-fuzz-cases.js";

export type FramingCase =
  | { readonly kind: "raw"; readonly method: string; readonly bytes: Buffer }
  | { readonly kind: "signed"; readonly framing: Framing; readonly request: SignedCase };

/** How a signed request's body is framed (or broken). */
type Framing =
  | { readonly how: "content-length"; readonly values: readonly string[] }
  | { readonly how: "chunked"; readonly encoding: string; readonly sizes: readonly number[]; readonly sizeFormat: "hex" | "HEX" | "padded" | "extension" | "huge" | "negative"; readonly last: string; readonly alsoLength: boolean }
  | { readonly how: "damage"; readonly edits: readonly { readonly at: number; readonly op: "flip" | "insert" | "delete" | "truncate"; readonly bytes: readonly number[] }[] };

const bytesOf = (text: string) => Buffer.from(text, "latin1");
const anyByteText = (maxLength: number) => fc.uint8Array({ maxLength }).map((b) => Buffer.from(b).toString("latin1"));
const SPECIAL = ["\r\n", "\n", "\r", "\0", " ", "\t", ":", "\x7f", "\xff", "\x80", "\r\n ", "\r\n\t", "\r\n\r\n", "%00", "%", ";", ","];
const text = (maxLength: number) => fc.array(fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) }, { weight: 1, arbitrary: anyByteText(6) }), { maxLength }).map((parts) => parts.join(""));

const METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "PATCH", "CONNECT", "PRI", "post", "P0ST", "PROPFIND", "", "GET GET"];
const PATHS = ["/", "*", "/health", "/sys/unseal", "/sys/seal", "/sys/rotate-root", "/?Action=ListUsers", "//", "/../../etc/passwd", "/%2e%2e/", "http://127.0.0.1/", "/\0", "/?" + "a".repeat(3000), "/" + "%ff".repeat(50)];
const VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "http/1.1", "HTTP/1.1 ", "HTTP/1", "HTTP/11", ""];
const HEADER_NAMES = ["Host", "Content-Length", "Transfer-Encoding", "X-Amz-Target", "Authorization", "X-Amz-Date", "Content-Type", "Expect", "Connection", "Upgrade", "Date", "X-Amz-Security-Token"];
const HEADER_VALUES = ["", "0", "-1", "chunked", "100-continue", "keep-alive", "close", "upgrade", "websocket", "h2c", "TrentService.ListKeys", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00", "application/x-amz-json-1.1", "application/x-www-form-urlencoded", "x".repeat(20_000)];

const headerLine = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...HEADER_NAMES), text(3)), fc.constantFrom(":", ": ", " : ", ":\t", "", "::"), fc.oneof(fc.constantFrom(...HEADER_VALUES), text(4))).map(([n, sep, v]) => `${n}${sep}${v}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HEADER_NAMES), fc.nat(150)).map(([n, count]) => Array.from({ length: count }, (_, i) => `${n}-${i}: ${i}`).join("\r\n")) },
  { weight: 1, arbitrary: fc.constantFrom(" folded", "\tfolded: too", "No-Colon", ": no name", "Host: a\r\nHost: b", "Content-Length: 5\r\nContent-Length: 6", "Content-Length: 0\r\nTransfer-Encoding: chunked") },
);

const rawCase: fc.Arbitrary<FramingCase> = fc
  .record({
    method: fc.oneof(fc.constantFrom(...METHODS), text(2)),
    path: fc.oneof(fc.constantFrom(...PATHS), text(3)),
    version: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VERSIONS) }, { weight: 1, arbitrary: text(2) }),
    headers: fc.array(headerLine, { maxLength: 6 }),
    eol: fc.constantFrom("\r\n", "\r\n", "\r\n", "\n", "\r"),
    body: fc.oneof(fc.constant(""), text(4), fc.constantFrom("{}", '{"KeyId":"x"}', "0\r\n\r\n", "5\r\nhello\r\n0\r\n\r\n", "GET / HTTP/1.1\r\n\r\n")),
  })
  .map((r) => ({ kind: "raw" as const, method: r.method, bytes: bytesOf(`${r.method} ${r.path} ${r.version}${r.eol}${r.headers.map((h) => `${h}${r.eol}`).join("")}${r.eol}${r.body}`) }));

const framing: fc.Arbitrary<Framing> = fc.oneof(
  fc.record({ how: fc.constant("content-length" as const), values: fc.array(fc.oneof(fc.constantFrom("+1", "-1", " 5", "5 ", "1e3", "0x10", "18446744073709551616", "99999999999999999999", "", "5, 5", "abc"), fc.integer({ min: -3, max: 3 }).map((delta) => `${delta}`)), { minLength: 1, maxLength: 3 }) }),
  fc.record({
    how: fc.constant("chunked" as const),
    encoding: fc.constantFrom("chunked", "chunked", "Chunked", "gzip, chunked", "chunked, identity", "identity", "chunked\r\nTransfer-Encoding: chunked", " chunked", "chunked;q=1"),
    sizes: fc.array(fc.nat(40), { maxLength: 5 }),
    sizeFormat: fc.constantFrom("hex" as const, "hex" as const, "HEX" as const, "padded" as const, "extension" as const, "huge" as const, "negative" as const),
    last: fc.constantFrom("0\r\n\r\n", "0\r\n\r\n", "0\r\nX-Trailer: a\r\n\r\n", "0\r\nX-Amz-Target: TrentService.CreateKey\r\n\r\n", "", "0\r\n", "0\n\n", "00\r\n\r\n", "0;ext=1\r\n\r\n"),
    alsoLength: fc.boolean(),
  }),
  fc.record({
    how: fc.constant("damage" as const),
    edits: fc.array(fc.record({ at: fc.nat(), op: fc.constantFrom("flip" as const, "insert" as const, "delete" as const, "truncate" as const), bytes: fc.oneof(fc.array(fc.nat(255), { minLength: 1, maxLength: 3 }), fc.constantFrom([13, 10], [10], [13], [0], [32], [58], [13, 10, 13, 10])) }), { minLength: 1, maxLength: 4 }),
  }),
);

export const framingCase: fc.Arbitrary<FramingCase> = fc.oneof(rawCase, fc.record({ kind: fc.constant("signed" as const), framing, request: signedCase }));

/** The bytes of a framing case (signing it first if it is a signed request). */
export async function framingBytes(port: number, c: FramingCase): Promise<Buffer> {
  if (c.kind === "raw") return c.bytes;
  const { head, body } = await signedRequest(port, c.request);
  const f = c.framing;
  if (f.how === "damage") {
    let bytes = requestBytes({ head, body });
    for (const e of f.edits) {
      const at = e.at % (bytes.length + 1);
      if (e.op === "flip" && at < bytes.length) bytes[at] = e.bytes[0]!;
      else if (e.op === "insert") bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
      else if (e.op === "delete") bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + e.bytes.length)]);
      else if (e.op === "truncate") bytes = bytes.subarray(0, at);
    }
    return bytes;
  }
  const withoutLength = head.replace(/content-length: \d+\r\n/, "");
  const [line, rest] = [withoutLength.slice(0, withoutLength.indexOf("\r\n") + 2), withoutLength.slice(withoutLength.indexOf("\r\n") + 2, -2)];
  if (f.how === "content-length") {
    const values = f.values.map((v) => (/^-?\d$/.test(v) ? String(Math.max(0, body.length + Number(v))) : v));
    return Buffer.concat([bytesOf(`${line}${rest}${values.map((v) => `Content-Length: ${v}\r\n`).join("")}\r\n`), body]);
  }
  const chunks: Buffer[] = [];
  let at = 0;
  for (const size of [...f.sizes, body.length]) {
    const piece = body.subarray(at, Math.min(body.length, at + size));
    if (piece.length === 0) continue;
    at += piece.length;
    const hex = piece.length.toString(16);
    const sizeText = { hex, HEX: hex.toUpperCase(), padded: hex.padStart(8, "0"), extension: `${hex};name="v"`, huge: "ffffffffffffffffff", negative: `-${hex}` }[f.sizeFormat];
    chunks.push(bytesOf(`${sizeText}\r\n`), piece, bytesOf("\r\n"));
  }
  const length = f.alsoLength ? `Content-Length: ${body.length}\r\n` : "";
  return Buffer.concat([bytesOf(`${line}${rest}Transfer-Encoding: ${f.encoding}\r\n${length}\r\n`), ...chunks, bytesOf(f.last)]);
}
