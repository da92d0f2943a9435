/**
 * Comparisons of secrets (docs/security.md): every comparison in src/ of a value whose name says
 * it holds a secret (a signature, MAC, tag, token, digest, hash, share, password, PIN, key
 * material...) is either constant-time or reviewed below, one reason each. The scan reads the
 * code with the TypeScript parser (test/helpers/secret-comparisons.ts). Then: the SigV4 check
 * uses timingSafeEqual, every row of the documented table does what it says, and a real server's
 * SigV4 refusals say no more than AWS's (never the expected signature or the canonical request).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { SignatureV4 } from "@smithy/signature-v4";
import ts from "typescript";
import { Sha256Hasher } from "../src/core/crypto/sha256-hasher.js";
import { SIGNATURE_MISMATCH_MESSAGE } from "../src/protocol/sigv4/verify.js";
import { isSecretName, secretComparisons } from "./helpers/secret-comparisons.js";
import { signedCall, type SignOptions } from "./helpers/signed-fetch.js";
import { ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));

/** Comparisons the scan finds that are not of secrets, or not where timing matters: `path: code` → why. */
const REVIEWED: Readonly<Record<string, string>> = {
  "src/app/kms/grant-rules.ts: uniqueIdOf(caller) === pin": "a grant's pin is the grantee's unique principal id, not a PIN",
  "src/adapters/sqlite/grant-repository.ts: row.grantee_pin === (grant.granteePin ?? null)": "pinned principal ids (public), checked on a write",
  "src/adapters/sqlite/grant-repository.ts: row.retiring_pin === (grant.retiringPin ?? null)": "pinned principal ids (public), checked on a write",
  "src/app/seal/seal-controller.ts: this.#sharesFor !== fingerprint": "which sealed root key the offered shares are for: a stored, public value",
  "src/core/crypto/keys/ml-dsa.ts: signature.length !== impl.lengths.signature": "a signature's length against the algorithm's (lengths are public)",
  "src/cli/seal-commands.ts: files.length !== shares": "a count of share files, not a share",
  "src/core/audit/verify.ts: chainHash(r.previousHash, seq, r.event) === r.hash": "audit chain hashes are public: anyone holding the trail recomputes them",
  "src/core/audit/verify.ts: r.previousHash === previous": "audit chain hashes are public",
  "src/core/audit/verify.ts: d.previousDigestSignature === previous.signature": "audit digest signatures are public (verified with the public key)",
  "src/core/audit/verify.ts: hashAt.get(toSeq) !== d.lastHash": "audit chain hashes are public",
  "src/core/audit/digest.ts: signature.toString(\"base64\") !== d.signature": "canonical base64 of a public digest signature, against itself",
  "src/app/kms/grant-tokens.ts: bytes.toString(\"base64url\") !== token": "canonical-encoding check of the caller's own token against itself; the token's claims are then checked by AES-GCM",
  "src/core/crypto/keys/der.ts: tlv.tag !== tag": "a DER tag byte (the type of a field), not an authentication tag",
  "src/app/secrets/rotation-api.ts: current !== token": "version ids (a ClientRequestToken names a secret version; listed by DescribeSecret)",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(REPO, path), "utf8");
const relativeTo = (path: string) => relative(REPO, path).split("\\").join("/");

/** The names of every function called inside the function `name` declared in `path`. */
function callsIn(path: string, name: string): Set<string> {
  const file = ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);
  const calls = new Set<string>();
  let found = false;
  const collect = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.add(ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : node.expression.getText(file));
    ts.forEachChild(node, collect);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === name && node.body) {
      found = true;
      collect(node.body);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  assert.ok(found, `${path} declares ${name}`);
  return calls;
}

describe("comparisons of secrets", () => {
  test("the scan finds comparisons of secret-bearing names, and not of the metadata around them", () => {
    const code = [
      "if (signature === expected) ok();",
      "const same = provided.signature !== computeSignature(request);",
      "Buffer.compare(mac, other) === 0;",
      "a.tag.equals(b);",
      "if (expectedMac.compare(provided) !== 0) fail();",
      "expectedSignature != header.toLowerCase();",
      "if (session.tokenHash == hashOf(token)) ok();",
      "const leak = privateKey === other;",
      // None of these is a comparison of a secret:
      "tagKeys === other; keyId === other; hashAlgorithm !== algorithm; signature.length === 64; secretId === id; token === undefined;",
      "const text = 'signature === expected'; // mac === other",
      "if (/tag === x/.test(s)) ok();",
    ].join("\n");
    const found = secretComparisons("example.ts", code).map((c) => c.key.slice("example.ts: ".length));
    assert.deepEqual(found, [
      "signature === expected",
      "provided.signature !== computeSignature(request)",
      "Buffer.compare(mac, other)",
      "a.tag.equals(b)",
      "expectedMac.compare(provided)",
      "expectedSignature != header.toLowerCase()",
      "session.tokenHash == hashOf(token)",
      "privateKey === other",
    ]);
    for (const name of ["secretAccessKey", "signingKey", "dataKey", "kek", "shareChecks", "passphrase", "pin", "Plaintext"]) assert.ok(isSecretName(name), name);
    for (const name of ["tagKeys", "keyId", "hashAlgorithm", "MacAlgorithm", "secretArn", "tokenSerial", "KeySpec", "signatureLength"]) assert.ok(!isSecretName(name), name);
  });

  test("every comparison of a secret in src/ is constant-time, or reviewed here with its reason", () => {
    const found = sourceFiles(join(REPO, "src")).flatMap((path) => secretComparisons(relativeTo(path), readFileSync(path, "utf8")).map((c) => ({ ...c, path: relativeTo(path) })));
    const unreviewed = found.filter((c) => REVIEWED[c.key] === undefined).map((c) => `${c.path}:${c.line}  ${c.key}`);
    assert.deepEqual(unreviewed, [], "compare these with constantTimeEqual (core/crypto/kdf.ts), or add them to REVIEWED with the reason timing does not matter");
    const stale = Object.keys(REVIEWED).filter((key) => !found.some((c) => c.key === key));
    assert.deepEqual(stale, [], "reviewed comparisons no longer in src/: remove them from REVIEWED");
  });

  test("SigV4 signatures are compared with timingSafeEqual (through constantTimeEqual)", () => {
    assert.ok(callsIn("src/protocol/sigv4/verify.ts", "verifySignature").has("constantTimeEqual"));
    assert.ok(callsIn("src/core/crypto/kdf.ts", "constantTimeEqual").has("timingSafeEqual"));
  });

  test("each file of docs/security.md's table compares as the table says", () => {
    const docs = read("docs/security.md");
    const section = docs.slice(docs.indexOf("## Comparisons of secrets"), docs.indexOf("\n## ", docs.indexOf("## Comparisons of secrets") + 1));
    const rows = [...section.matchAll(/^\| [^|]+ \| `([^`]+\.ts)` \| ([^|]+) \|$/gm)];
    assert.ok(rows.length >= 7, `the table lists the comparisons (${rows.length} rows)`);
    for (const [, path, how] of rows) {
      const source = read(`src/${path}`);
      // The function the row names first: a primitive, or a wrapper whose own file the row names too.
      const way = /AES-GCM/.test(how!) ? "gcmOpen" : /`(\w+)`/.exec(how!)?.[1] ?? "constantTimeEqual";
      assert.ok(new RegExp(`\\b${way}\\(`).test(source), `src/${path} calls ${way}, as the table says`);
      if (!["gcmOpen", "timingSafeEqual", "constantTimeEqual"].includes(way)) {
        const home = /`([\w/-]+\.ts)`/.exec(how!)?.[1];
        assert.ok(home !== undefined, `the row for ${way} names the file that defines it`);
        const body = new RegExp(`function ${way}\\b[\\s\\S]*?\\n}`).exec(read(`src/${home}`))?.[0] ?? "";
        assert.match(body, /\b(timingSafeEqual|constantTimeEqual)\(/, `${way} (src/${home}) compares in constant time`);
      }
    }
  });
});

describe("SigV4 refusals say no more than AWS does", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  let signingDate = new Date();
  const body = JSON.stringify({ Limit: 5 });
  /** The signature a correct client would send for the (damaged) request, which the server computes and must not reveal. */
  async function expectedSignature(headers: Record<string, string>, payload: string): Promise<string> {
    const url = new URL(server.url);
    const signer = new SignatureV4({ credentials: ADMIN, region: REGION, service: "kms", sha256: Sha256Hasher });
    const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", query: {}, headers: { host: url.host, "content-type": headers["content-type"]!, "x-amz-target": headers["x-amz-target"]! }, body: payload }, { signingDate });
    return /Signature=([0-9a-f]{64})/.exec((signed.headers as Record<string, string>)["authorization"]!)![1]!;
  }

  test("a wrong secret, a damaged signed header, a damaged body and a damaged signature get the same answer, without the expected signature or the canonical request", async () => {
    signingDate = new Date();
    const seen: Record<string, unknown>[] = [];
    const cases: [string, SignOptions][] = [
      ["wrong secret", { credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: "not-the-secret-0123456789abcdefghijklmno" } }],
      ["damaged signed header", { tamper: (r) => void (r.headers["x-amz-target"] = "TrentService.ListAliases") }],
      ["damaged body", { tamper: (r) => void (r.body = JSON.stringify({ Limit: 6 })) }],
      ["damaged signature", { tamper: (r) => void (r.headers["authorization"] = r.headers["authorization"]!.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === "0" ? "1" : "0"}`)) }],
    ];
    for (const [what, options] of cases) {
      let sent: { headers: Record<string, string>; body: string } = { headers: {}, body: "" };
      const answer = await signedCall(server.url, "ListKeys", body, {
        signingDate,
        ...options,
        tamper: (r) => {
          options.tamper?.(r);
          sent = { headers: { ...r.headers }, body: r.body };
        },
      });
      assert.equal(answer.status, 400, what);
      assert.deepEqual(answer.body, { __type: "InvalidSignatureException", message: SIGNATURE_MISMATCH_MESSAGE }, what);
      const expected = await expectedSignature(sent.headers, sent.body);
      assert.ok(!answer.text.includes(expected), `${what}: the answer holds the signature the server expected`);
      assert.doesNotMatch(answer.text, /[0-9a-f]{64}|AWS4-HMAC-SHA256\\n|x-amz-target:|content-type:|aws4_request\\n/i, `${what}: the answer holds no hash, string to sign or canonical request`);
      seen.push(answer.body);
    }
    assert.equal(new Set(seen.map((b) => JSON.stringify(b))).size, 1, "the four refusals are the same");
  });

  test("the other refusals name only what the request itself says (the clock, the scope, an unknown access key), as AWS's do", async () => {
    const stale = await signedCall(server.url, "ListKeys", body, { signingDate: new Date(Date.now() - 10 * 60_000) });
    assert.equal(stale.body.__type, "InvalidSignatureException");
    assert.match(String(stale.body.message), /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const region = await signedCall(server.url, "ListKeys", body, { region: "xx-nowhere-1" });
    assert.equal(region.body.__type, "InvalidSignatureException");
    const unknown = await signedCall(server.url, "ListKeys", body, { credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: ADMIN.secretAccessKey } });
    assert.deepEqual(unknown.body, { __type: "UnrecognizedClientException", message: "The security token included in the request is invalid." });
    const incomplete = await signedCall(server.url, "ListKeys", body, { tamper: (r) => void (r.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=x") });
    assert.equal(incomplete.body.__type, "IncompleteSignatureException");
    for (const answer of [stale, region, unknown, incomplete]) assert.doesNotMatch(answer.text, /[0-9a-f]{64}|x-amz-target:|\n/i);
  });
});
