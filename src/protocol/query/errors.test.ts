import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ServiceError } from "../../core/errors.js";
import { QUERY_ERROR_TABLE, toQueryError } from "./errors.js";

const internal = { code: "ServiceFailure" as const, message: "fixed" };

test("docs/iam.md lists every Query error code with the status the code answers", () => {
  const doc = readFileSync(new URL("../../../docs/iam.md", import.meta.url), "utf8");
  const rows = new Map<string, number>();
  for (const match of doc.matchAll(/^\| `([A-Za-z]+)` \| (\d{3}) \|/gm)) rows.set(match[1]!, Number(match[2]));
  for (const [code, status] of Object.entries(QUERY_ERROR_TABLE)) assert.equal(rows.get(code), status, `${code} should be in docs/iam.md with status ${status}`);
  for (const code of rows.keys()) assert.ok(code in QUERY_ERROR_TABLE, `docs/iam.md lists ${code}, which the code does not have`);
});

test("errors raised in JSON terms take their Query names; authentication failures are 403 as in IAM and STS", () => {
  const cases: Array<[ServiceError, string, number]> = [
    [new ServiceError("AccessDeniedException", "no"), "AccessDenied", 403],
    [new ServiceError("UnrecognizedClientException", "no"), "InvalidClientTokenId", 403],
    [new ServiceError("InvalidSignatureException", "no"), "SignatureDoesNotMatch", 403],
    [new ServiceError("MissingAuthenticationTokenException", "no"), "MissingAuthenticationToken", 403],
    [new ServiceError("ExpiredTokenException", "no"), "ExpiredToken", 403],
    [new ServiceError("IncompleteSignatureException", "no"), "IncompleteSignature", 400],
    [new ServiceError("ValidationException", "no"), "ValidationError", 400],
    [new ServiceError("SerializationException", "no"), "ValidationError", 400],
    [new ServiceError("UnknownOperationException", "no"), "InvalidAction", 400],
    [new ServiceError("ServiceUnavailableException", "sealed"), "ServiceUnavailable", 503],
    [new ServiceError("InvalidMarkerException", "no"), "ValidationError", 400],
  ];
  for (const [error, code, status] of cases) {
    const answer = toQueryError(error, undefined, internal);
    assert.deepEqual([answer.code, answer.status, answer.message, answer.type], [code, status, error.message, status >= 500 ? "Receiver" : "Sender"], error.type);
  }
});

test("a code given by the use case wins; server faults never show their message", () => {
  assert.deepEqual(toQueryError(new ServiceError("NotFoundException", "gone"), "NoSuchEntity", internal), { type: "Sender", code: "NoSuchEntity", status: 404, message: "gone" });
  assert.deepEqual(toQueryError(new ServiceError("KMSInternalException", "detail"), undefined, internal), { type: "Receiver", code: "ServiceFailure", status: 500, message: "fixed" });
});
