import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ADMIN, startTestServer, type TestServer } from "./helpers/server.js";
import { signedCall } from "./helpers/signed-fetch.js";

describe("AWS JSON 1.1 wire protocol and SigV4 authentication", () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const errorOf = (answer: { body: Record<string, unknown> }) => answer.body.__type;

  test("every answer carries x-amzn-RequestId and the JSON 1.1 content type", async () => {
    const ok = await signedCall(server.url, "ListKeys", {});
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get("x-amzn-requestid")!, /^[0-9a-f-]{36}$/);
    assert.equal(ok.headers.get("content-type"), "application/x-amz-json-1.1");
    const bad = await signedCall(server.url, "NoSuchOperation", {});
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get("x-amzn-requestid")!, /^[0-9a-f-]{36}$/);
    assert.equal(errorOf(bad), "UnknownOperationException");
    assert.notEqual(ok.headers.get("x-amzn-requestid"), bad.headers.get("x-amzn-requestid"));
  });

  test("malformed JSON is SerializationException; a wrong member type too; a missing member is ValidationException", async () => {
    const broken = await signedCall(server.url, "CreateKey", "{not json");
    assert.equal(broken.status, 400);
    assert.equal(errorOf(broken), "SerializationException");
    const wrongType = await signedCall(server.url, "DescribeKey", { KeyId: 42 });
    assert.equal(errorOf(wrongType), "SerializationException");
    const badBase64 = await signedCall(server.url, "Decrypt", { CiphertextBlob: "***" });
    assert.equal(errorOf(badBase64), "SerializationException");
    const missing = await signedCall(server.url, "DescribeKey", {});
    assert.equal(errorOf(missing), "ValidationException");
    assert.equal(missing.body.message, "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    const two = await signedCall(server.url, "GenerateDataKey", { NumberOfBytes: 0 });
    assert.equal(
      two.body.message,
      "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    const enumValue = await signedCall(server.url, "CreateKey", { KeyUsage: "RANDOM" });
    assert.match(String(enumValue.body.message), /Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: \[SIGN_VERIFY, ENCRYPT_DECRYPT/);
  });

  test("hostile JSON (deep nesting, huge numbers, duplicate members) gets a 4xx answer, never a 5xx", async () => {
    const deep = `{"KeyId":"alias/x","Junk":${"{\"a\":".repeat(50_000)}1${"}".repeat(50_000)}}`;
    for (const body of [deep, '{"Limit":1e400}', '{"Limit":5,"Limit":"x"}', `[${"[".repeat(100_000)}${"]".repeat(100_000)}]`, '"just a string"']) {
      const answer = await signedCall(server.url, "ListKeys", body);
      assert.ok(answer.status < 500, `${answer.status} ${answer.text.slice(0, 200)}`);
    }
    const healthy = await signedCall(server.url, "ListKeys", {});
    assert.equal(healthy.status, 200);
  });

  test("errors never carry a stack trace or internal detail", async () => {
    for (const answer of [await signedCall(server.url, "CreateKey", "{not json"), await signedCall(server.url, "Encrypt", { KeyId: "x", Plaintext: "AA==" })]) {
      assert.deepEqual(Object.keys(answer.body).sort(), ["__type", "message"]);
      assert.doesNotMatch(answer.text, /at .*\.(ts|js):\d+/);
    }
  });

  test("no signature: MissingAuthenticationTokenException", async () => {
    const response = await fetch(server.url + "/", { method: "POST", headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { __type: string }).__type, "MissingAuthenticationTokenException");
  });

  test("unknown access key: UnrecognizedClientException", async () => {
    const answer = await signedCall(server.url, "ListKeys", {}, { credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } });
    assert.equal(answer.status, 400);
    assert.equal(errorOf(answer), "UnrecognizedClientException");
    assert.equal(answer.body.message, "The security token included in the request is invalid.");
  });

  test("wrong secret, altered body or altered signed header: InvalidSignatureException", async () => {
    const wrongSecret = await signedCall(server.url, "ListKeys", {}, { credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: "not-the-secret" } });
    assert.equal(errorOf(wrongSecret), "InvalidSignatureException");
    assert.match(String(wrongSecret.body.message), /^The request signature we calculated does not match the signature you provided/);
    const alteredBody = await signedCall(server.url, "ListKeys", { Limit: 1 }, { tamper: (r) => (r.body = JSON.stringify({ Limit: 2 })) });
    assert.equal(errorOf(alteredBody), "InvalidSignatureException");
    const alteredTarget = await signedCall(server.url, "ListKeys", {}, { tamper: (r) => (r.headers["x-amz-target"] = "TrentService.ListAliases") });
    assert.equal(errorOf(alteredTarget), "InvalidSignatureException");
  });

  test("malformed Authorization: IncompleteSignatureException", async () => {
    const noSignature = await signedCall(server.url, "ListKeys", {}, { tamper: (r) => (r.headers.authorization = r.headers.authorization!.replace(/, Signature=[0-9a-f]+/, "")) });
    assert.equal(errorOf(noSignature), "IncompleteSignatureException");
    assert.match(String(noSignature.body.message), /Authorization header requires 'Signature' parameter/);
    const badScope = await signedCall(server.url, "ListKeys", {}, { tamper: (r) => (r.headers.authorization = r.headers.authorization!.replace(/Credential=[^,]+/, "Credential=AKIA/x")) });
    assert.equal(errorOf(badScope), "IncompleteSignatureException");
  });

  test("clock skew over 5 minutes: InvalidSignatureException (Signature expired / not yet current)", async () => {
    const old = await signedCall(server.url, "ListKeys", {}, { signingDate: new Date(Date.now() - 6 * 60_000) });
    assert.equal(errorOf(old), "InvalidSignatureException");
    assert.match(String(old.body.message), /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const future = await signedCall(server.url, "ListKeys", {}, { signingDate: new Date(Date.now() + 6 * 60_000) });
    assert.equal(errorOf(future), "InvalidSignatureException");
    assert.match(String(future.body.message), /^Signature not yet current/);
    const withinSkew = await signedCall(server.url, "ListKeys", {}, { signingDate: new Date(Date.now() - 4 * 60_000) });
    assert.equal(withinSkew.status, 200);
  });

  test("the credential scope must name this Region and the kms service", async () => {
    const region = await signedCall(server.url, "ListKeys", {}, { region: "eu-west-3" });
    assert.equal(errorOf(region), "InvalidSignatureException");
    assert.equal(region.body.message, "Credential should be scoped to a valid region, not 'eu-west-3'.");
    const service = await signedCall(server.url, "ListKeys", {}, { service: "s3" });
    assert.equal(errorOf(service), "InvalidSignatureException");
    assert.equal(service.body.message, "Credential should be scoped to correct service: 'kms'.");
  });

  test("a session token with long-term credentials is UnrecognizedClientException", async () => {
    const answer = await signedCall(server.url, "ListKeys", {}, { credentials: { ...ADMIN, sessionToken: "FwoGZXIvYXdzEXAMPLE" } });
    assert.equal(errorOf(answer), "UnrecognizedClientException");
  });

  test("the query-string (presigned) form is verified too, and expires", async () => {
    const ok = await signedCall(server.url, "ListKeys", {}, { presign: true });
    assert.equal(ok.status, 200, ok.text);
    const tampered = await signedCall(server.url, "ListKeys", {}, { presign: true, tamper: (r) => (r.query["X-Amz-Signature"] = "0".repeat(64)) });
    assert.equal(errorOf(tampered), "InvalidSignatureException");
    const expired = await signedCall(server.url, "ListKeys", {}, { presign: true, expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    assert.equal(errorOf(expired), "InvalidSignatureException");
    assert.match(String(expired.body.message), /^Signature expired/);
  });

  test("oversized bodies are refused with 413 before they are read", async () => {
    const answer = await signedCall(server.url, "Encrypt", { KeyId: "x", Plaintext: "A".repeat(2 * 1024 * 1024) });
    assert.equal(answer.status, 413);
    assert.equal(errorOf(answer), "RequestEntityTooLargeException");
  });

  test("GET /health reports ok, unsealed, and the version", async () => {
    const response = await fetch(server.url + "/health");
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.status, "ok");
    assert.equal(body.sealed, false);
    assert.match(String(body.version), /^\d+\.\d+\.\d+/);
  });

  test("the admin's region must be the server's: a client for another Region is refused", async () => {
    const { ListKeysCommand } = await import("@aws-sdk/client-kms");
    const other = server.kms({ region: "eu-central-1" });
    await assert.rejects(other.send(new ListKeysCommand({})), (e: Error) => e.name === "InvalidSignatureException");
  });
});
