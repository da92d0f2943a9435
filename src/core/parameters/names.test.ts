import assert from "node:assert/strict";
import { refusalOf } from "../../../test/helpers/errors.js";
import { test } from "node:test";
import {
  HIERARCHY_LEVEL_MESSAGE,
  INVALID_NAME_MESSAGE,
  NOT_FULLY_QUALIFIED_MESSAGE,
  RESERVED_PREFIX_MESSAGE,
  hierarchyLevels,
  parameterArn,
  parameterKey,
  parameterNotFound,
  parameterVersionNotFound,
  parseExistingName,
  parseParameterReference,
  selectorText,
  validateParameterName,
} from "./names.js";

const scope = { partition: "aws", region: "us-east-2", accountId: "111122223333" };

const refusal = refusalOf;

test("names: letters, digits and _.- with / between levels; hierarchical names start with /", () => {
  for (const name of ["MyParameter1", "/MyParameter2", "/Dev/Production/East/Project-ABC/MyParameter", "a.b_c-d", "x"]) {
    assert.equal(validateParameterName(scope, name), name);
  }
  assert.deepEqual(refusal(() => validateParameterName(scope, "has space")), { type: "ValidationException", message: INVALID_NAME_MESSAGE });
  assert.deepEqual(refusal(() => validateParameterName(scope, "/myPrefix/xmpt/support@gmail.com")), { type: "ValidationException", message: INVALID_NAME_MESSAGE });
  assert.deepEqual(refusal(() => validateParameterName(scope, "{test}-test")), { type: "ValidationException", message: INVALID_NAME_MESSAGE });
  assert.deepEqual(refusal(() => validateParameterName(scope, "db/endpoint/parameter")), { type: "ValidationException", message: NOT_FULLY_QUALIFIED_MESSAGE });
  assert.deepEqual(refusal(() => validateParameterName(scope, "MyParameter3/L1")), { type: "ValidationException", message: NOT_FULLY_QUALIFIED_MESSAGE });
  for (const name of ["/", "/a//b", "/a/", ""]) assert.equal(refusal(() => validateParameterName(scope, name)).type, "ValidationException", name);
});

test("leading and trailing spaces are trimmed; inner ones are refused", () => {
  assert.equal(validateParameterName(scope, "  /a/b "), "/a/b");
  assert.equal(refusal(() => validateParameterName(scope, "/a /b")).type, "ValidationException");
});

test("names cannot begin with aws or ssm, in any case, with or without the leading slash", () => {
  assert.deepEqual(refusal(() => validateParameterName(scope, "awsTestParameter")), { type: "ValidationException", message: RESERVED_PREFIX_MESSAGE });
  assert.deepEqual(refusal(() => validateParameterName(scope, "/aws/testparam1")), { type: "ValidationException", message: RESERVED_PREFIX_MESSAGE });
  assert.deepEqual(refusal(() => validateParameterName(scope, "SSM-testparameter")), { type: "ValidationException", message: INVALID_NAME_MESSAGE });
  assert.equal(validateParameterName(scope, "/app/aws"), "/app/aws", "only the first level is reserved");
  assert.equal(validateParameterName(scope, "myssm"), "myssm");
});

test("at most 15 levels: 15 pass, 16 are refused with HierarchyLevelLimitExceededException", () => {
  const fifteen = `/${Array.from({ length: 14 }, (_, i) => `L${i + 1}`).join("/")}/parameter-name`;
  assert.equal(hierarchyLevels(fifteen), 15);
  assert.equal(validateParameterName(scope, fifteen), fifteen);
  const sixteen = `/L0${fifteen}`;
  assert.deepEqual(refusal(() => validateParameterName(scope, sixteen)), { type: "HierarchyLevelLimitExceededException", message: HIERARCHY_LEVEL_MESSAGE });
  assert.equal(hierarchyLevels("single"), 1);
});

test("the name counted with the ARN prefix may have at most 1011 characters", () => {
  assert.equal(parameterArn(scope, "ExampleParameterName").length, 65, "the user guide's example counts 65");
  const prefix = "arn:aws:ssm:us-east-2:111122223333:parameter/".length;
  const longest = "n".repeat(1011 - prefix);
  assert.equal(validateParameterName(scope, longest), longest);
  assert.equal(validateParameterName(scope, `/${longest}`), `/${longest}`, "the leading slash is not counted twice");
  assert.equal(refusal(() => validateParameterName(scope, `${longest}n`)).type, "ValidationException");
});

test("the ARN drops the leading slash once: parameter/name for both spellings", () => {
  assert.equal(parameterArn(scope, "MyParameter"), "arn:aws:ssm:us-east-2:111122223333:parameter/MyParameter");
  assert.equal(parameterArn(scope, "/ReadableParameters/MyParameter"), "arn:aws:ssm:us-east-2:111122223333:parameter/ReadableParameters/MyParameter");
  assert.equal(parameterKey("TestParam1"), parameterKey("/TestParam1"), "/TestParam1 and TestParam1 are the same parameter");
  assert.notEqual(parameterKey("/Test/TestParam1"), parameterKey("/TestParam1"));
});

test("a reference is a name or an ARN, with an optional :version or :label selector", () => {
  assert.deepEqual(parseParameterReference("/a/b", { allowSelector: true }), { name: "/a/b", selector: { kind: "latest" } });
  assert.deepEqual(parseParameterReference("/a/b:3", { allowSelector: true }), { name: "/a/b", selector: { kind: "version", version: 3, text: "3" } });
  assert.deepEqual(parseParameterReference("/a/b:Prod", { allowSelector: true }), { name: "/a/b", selector: { kind: "label", label: "Prod" } });
  assert.deepEqual(parseParameterReference("arn:aws:ssm:us-east-2:111122223333:parameter/a/b:2", { allowSelector: true }), {
    name: "/a/b",
    selector: { kind: "version", version: 2, text: "2" },
    scope,
  });
  assert.deepEqual(parseParameterReference("arn:aws:ssm:us-east-2:111122223333:parameter/plain", { allowSelector: false }).name, "/plain");
  assert.equal(selectorText({ kind: "version", version: 3, text: "3" }), ":3");
  assert.equal(selectorText({ kind: "label", label: "Prod" }), ":Prod");
  assert.equal(selectorText({ kind: "latest" }), undefined);
});

test("bad references are ValidationException with AWS's name message, even without an ssm prefix", () => {
  for (const raw of ["xxx/yyy", "{test}-test", "/a/b:", "/a/b:1:2", "arn:aws:kms:us-east-2:111122223333:key/x"]) {
    assert.deepEqual(refusal(() => parseParameterReference(raw, { allowSelector: true })), { type: "ValidationException", message: INVALID_NAME_MESSAGE }, raw);
  }
  assert.equal(refusal(() => parseParameterReference("/a/b:3", { allowSelector: false })).type, "ValidationException", "history takes no selector");
});

test("not-found answers: ParameterNotFound is empty, ParameterVersionNotFound names the version", () => {
  const notFound = parameterNotFound();
  assert.equal(notFound.type, "ParameterNotFound");
  assert.equal(notFound.message, "");
  assert.equal(notFound.status, 400);
  const version = parameterVersionNotFound("/a/b", 7);
  assert.equal(version.type, "ParameterVersionNotFound");
  assert.equal(version.message, "Systems Manager could not find version 7 of /a/b. Verify the version and try again.");
});

test("operations on an existing parameter take a name only: no ARN, no selector; reserved names are simply not found", () => {
  assert.equal(parseExistingName(" /a/b "), "/a/b");
  assert.equal(parseExistingName("/aws/x"), "/aws/x", "no such parameter can exist: the lookup answers ParameterNotFound");
  for (const raw of ["arn:aws:ssm:us-east-2:111122223333:parameter/a", "/a/b:3", "a/b", "/a//b"]) {
    assert.deepEqual(refusal(() => parseExistingName(raw)), { type: "ValidationException", message: INVALID_NAME_MESSAGE }, raw);
  }
});
