import assert from "node:assert/strict";
import { refusalOf } from "../../../test/helpers/errors.js";
import { test } from "node:test";
import {
  BOTH_FILTERS_MESSAGE,
  INVALID_PATH_MESSAGE,
  RESERVED_PATH_FILTER_MESSAGE,
  describeParametersPredicate,
  legacyFiltersPredicate,
  normalizePath,
  parameterFiltersPredicate,
  pathPredicate,
  type ParameterFacts,
} from "./filters.js";

const facts = (name: string, more: Partial<ParameterFacts> = {}): ParameterFacts => ({
  name, type: "String", tier: "Standard", dataType: "text", labels: [], tags: {}, ...more,
});
const all: readonly ParameterFacts[] = [
  facts("/app/db/password", { type: "SecureString", keyId: "alias/aws/ssm", tags: { env: "prod" }, labels: ["Prod"] }),
  facts("/app/db/host", { tags: { env: "dev" } }),
  facts("/app/url", { tier: "Advanced", type: "StringList" }),
  facts("/other/ami", { dataType: "aws:ec2:image" }),
  facts("single", { tags: { owner: "me" } }),
];
const names = (predicate: (f: ParameterFacts) => boolean) => all.filter(predicate).map((f) => f.name);

const refusal = refusalOf;

test("GetParametersByPath: one level below the path, or every descendant when recursive", () => {
  const inPath = (path: string, recursive: boolean) => all.map((f) => f.name).filter(pathPredicate(path, recursive));
  assert.deepEqual(inPath("/app", false), ["/app/url"]);
  assert.deepEqual(inPath("/app", true), ["/app/db/password", "/app/db/host", "/app/url"]);
  assert.deepEqual(inPath("/app/", true), inPath("/app", true), "a trailing slash is dropped");
  assert.deepEqual(inPath("/", false), ["single"], "a single-level name is under the root");
  assert.deepEqual(inPath("/", true).length, 5);
  assert.deepEqual(inPath("/app/url", true), [], "a path naming a parameter returns nothing, not an error");
  assert.deepEqual(inPath("/aws/service", true), [], "AWS's public parameters are not served, but the path is no error");
});

test("a path must start with / and use name characters only (AWS's message, backslashes included)", () => {
  for (const path of ["app", "/app//db", "/app/x y", "/app/x@y", ""]) {
    assert.deepEqual(refusal(() => normalizePath(path)), { type: "ValidationException", message: INVALID_PATH_MESSAGE }, path);
  }
  assert.ok(INVALID_PATH_MESSAGE.includes('prefixed with \\"aws\\" or \\"ssm\\"'));
});

test("DescribeParameters filters: Name Equals/BeginsWith/Contains, with or without the leading slash", () => {
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Name", Values: ["/app/url", "/single"] }])), ["/app/url", "single"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Name", Option: "BeginsWith", Values: ["/app/db"] }])), ["/app/db/password", "/app/db/host"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Name", Option: "Contains", Values: ["ami", "url"] }])), ["/app/url", "/other/ami"]);
});

test("DescribeParameters filters: Path OneLevel by default or Recursive; Type, KeyId, Tier, DataType, tags; AND across filters", () => {
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Path", Values: ["/app"] }])), ["/app/url"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Path", Option: "Recursive", Values: ["/app/db", "/other"] }])), ["/app/db/password", "/app/db/host", "/other/ami"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Type", Values: ["SecureString"] }])), ["/app/db/password"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Type", Option: "BeginsWith", Values: ["String"] }])), ["/app/db/host", "/app/url", "/other/ami", "single"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "KeyId", Values: ["alias/aws/ssm"] }])), ["/app/db/password"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "Tier", Values: ["Advanced"] }])), ["/app/url"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "DataType", Values: ["aws:ec2:image"] }])), ["/other/ami"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "tag:env", Values: ["prod"] }])), ["/app/db/password"]);
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "tag:env" }])), ["/app/db/password", "/app/db/host"], "a tag filter without values: the key exists");
  assert.deepEqual(names(parameterFiltersPredicate("DescribeParameters", [{ Key: "tag:env" }, { Key: "Path", Option: "Recursive", Values: ["/app"] }, { Key: "Type", Values: ["String"] }])), ["/app/db/host"]);
  assert.equal(names(parameterFiltersPredicate("DescribeParameters", [])).length, 5);
});

test("GetParametersByPath filters: Type, KeyId and Label (Equals only)", () => {
  assert.deepEqual(names(parameterFiltersPredicate("GetParametersByPath", [{ Key: "Label", Values: ["Prod"] }])), ["/app/db/password"]);
  assert.deepEqual(names(parameterFiltersPredicate("GetParametersByPath", [{ Key: "Type", Values: ["StringList"] }])), ["/app/url"]);
  assert.deepEqual(refusal(() => parameterFiltersPredicate("GetParametersByPath", [{ Key: "Label", Option: "BeginsWith", Values: ["P"] }])), {
    type: "InvalidFilterOption",
    message: "The following filter option is not valid: BeginsWith. Valid options include: [Equals].",
  });
  for (const key of ["Name", "Path", "Tier", "DataType", "tag:env"]) {
    assert.deepEqual(refusal(() => parameterFiltersPredicate("GetParametersByPath", [{ Key: key, Values: ["x"] }])), {
      type: "InvalidFilterKey",
      message: `The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId, Label].`,
    });
  }
});

test("refusals: Label on DescribeParameters, a key twice, a bad option, bad or missing values, aws/ssm paths", () => {
  assert.equal(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Label", Values: ["x"] }])).type, "InvalidFilterKey");
  assert.deepEqual(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Type", Values: ["String"] }, { Key: "Type", Values: ["SecureString"] }])), {
    type: "InvalidFilterKey",
    message: "The following filter is duplicated in the request: Type. A request can contain only one occurrence of a specific filter.",
  });
  assert.deepEqual(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Type", Option: "Contains", Values: ["S"] }])), {
    type: "InvalidFilterOption",
    message: "The following filter option is not valid: Contains. Valid options include: [BeginsWith, Equals].",
  });
  assert.equal(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Path", Option: "Equals", Values: ["/a"] }])).message, "The following filter option is not valid: Equals. Valid options include: [OneLevel, Recursive].");
  assert.deepEqual(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Type", Values: ["Str"] }])), {
    type: "InvalidFilterValue",
    message: "The following filter value is not valid: Str. Valid values include: [String, StringList, SecureString].",
  });
  assert.equal(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Tier", Values: ["Gold"] }])).type, "InvalidFilterValue");
  assert.equal(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Name" }])).type, "InvalidFilterValue");
  assert.deepEqual(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Path", Values: ["/aws/service"] }])), { type: "ValidationException", message: RESERVED_PATH_FILTER_MESSAGE });
  assert.deepEqual(refusal(() => parameterFiltersPredicate("DescribeParameters", [{ Key: "Path", Values: ["app"] }])), { type: "ValidationException", message: INVALID_PATH_MESSAGE });
});

test("legacy Filters: Name by prefix, Type and KeyId by equality; never together with ParameterFilters", () => {
  assert.deepEqual(names(legacyFiltersPredicate([{ Key: "Name", Values: ["/app/db"] }])), ["/app/db/password", "/app/db/host"]);
  assert.deepEqual(names(legacyFiltersPredicate([{ Key: "Type", Values: ["StringList", "SecureString"] }])), ["/app/db/password", "/app/url"]);
  assert.equal(refusal(() => legacyFiltersPredicate([{ Key: "Type", Values: ["Nope"] }])).type, "InvalidFilterValue");
  assert.deepEqual(names(describeParametersPredicate({ Filters: [{ Key: "KeyId", Values: ["alias/aws/ssm"] }] })), ["/app/db/password"]);
  assert.deepEqual(refusal(() => describeParametersPredicate({ Filters: [], ParameterFilters: [] })), { type: "ValidationException", message: BOTH_FILTERS_MESSAGE });
  assert.equal(names(describeParametersPredicate({})).length, 5);
});
