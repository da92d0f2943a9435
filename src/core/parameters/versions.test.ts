import assert from "node:assert/strict";
import { refusalOf } from "../../../test/helpers/errors.js";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import type { VersionLabels } from "./labels.js";
import {
  KEY_ID_WITHOUT_SECURE_STRING_MESSAGE,
  NESTED_REFERENCE_MESSAGE,
  TYPE_MISMATCH_MESSAGE,
  TYPE_REQUIRED_MESSAGE,
  checkAllowedPattern,
  checkNoNestedReference,
  compileAllowedPattern,
  nextVersion,
  resolveDataType,
  resolveType,
  stringListItems,
  versionsToDrop,
} from "./versions.js";

const refusal = refusalOf;
const text = (value: string) => SecretBytes.fromUtf8(value);
const history = (count: number, from = 1): VersionLabels[] => Array.from({ length: count }, (_, i) => ({ version: from + i, labels: [] }));

const plainMatch = (pattern: RegExp, value: string) => pattern.test(value);

test("100 versions are kept: writing the 101st drops the oldest; numbers keep growing", () => {
  assert.deepEqual(versionsToDrop(history(99), "/p"), []);
  assert.deepEqual(versionsToDrop(history(100, 5), "/p"), [5]);
  assert.equal(nextVersion(104), 105);
  assert.equal(nextVersion(undefined), 1);
});

test("the oldest version with a label is not dropped: ParameterMaxVersionLimitExceeded with AWS's message", () => {
  const versions = history(100, 3);
  versions[0] = { version: 3, labels: ["Keep"] };
  assert.deepEqual(refusal(() => versionsToDrop(versions, "/app/p")), {
    type: "ParameterMaxVersionLimitExceeded",
    message:
      "You attempted to create a new version of /app/p by calling the PutParameter API with the overwrite flag. Version 3, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.",
  });
  versions[0] = { version: 3, labels: [] };
  versions[1] = { version: 4, labels: ["Keep"] };
  assert.deepEqual(versionsToDrop(versions, "/app/p"), [3], "a label on the second-oldest does not block");
});

test("Type: required on create, kept on overwrite, never changed; KeyId only with SecureString", () => {
  assert.deepEqual(refusal(() => resolveType(undefined, undefined, undefined)), { type: "ValidationException", message: TYPE_REQUIRED_MESSAGE });
  assert.equal(resolveType(undefined, "String", undefined), "String");
  assert.equal(resolveType("SecureString", undefined, "alias/mine"), "SecureString");
  assert.deepEqual(refusal(() => resolveType("String", "SecureString", undefined)), { type: "HierarchyTypeMismatchException", message: TYPE_MISMATCH_MESSAGE });
  assert.deepEqual(refusal(() => resolveType(undefined, "String", "alias/mine")), { type: "ValidationException", message: KEY_ID_WITHOUT_SECURE_STRING_MESSAGE });
});

test("AllowedPattern matches the whole value: \\d{1,4} takes 1000 and refuses 10,000 (the user guide's example)", () => {
  checkAllowedPattern("\\d{1,4}", text("1000"), plainMatch);
  assert.deepEqual(refusal(() => checkAllowedPattern("\\d{1,4}", text("10,000"), plainMatch)), {
    type: "ParameterPatternMismatchException",
    message: "Parameter value, cannot be validated against allowedPattern: \\d{1,4}",
  });
  checkAllowedPattern(undefined, text("anything"), plainMatch);
  checkAllowedPattern("", text("anything"), plainMatch);
  assert.equal(refusal(() => checkAllowedPattern("(a+)+b", text("aaa"), () => "timeout")).type, "ValidationException");
  assert.equal(refusal(() => compileAllowedPattern("a)|(?:.*")).type, "InvalidAllowedPatternException", "a pattern cannot break out of the whole-value wrapping");
  checkAllowedPattern("\\p{L}+", text("héllo"), plainMatch);
  checkAllowedPattern("[a-z]+(,[a-z]+)*", text("a,b,c"), plainMatch);
  assert.equal(refusal(() => checkAllowedPattern("[a-z]+", text("a,b"), plainMatch)).type, "ParameterPatternMismatchException", "a StringList is checked as a whole");
});

test("an AllowedPattern that does not compile is InvalidAllowedPatternException", () => {
  assert.equal(refusal(() => compileAllowedPattern("([a-z")).type, "InvalidAllowedPatternException");
  assert.ok(compileAllowedPattern("\\-x") instanceof RegExp, "an escape JavaScript's u flag refuses is read without it");
});

test("a value cannot hold {{...}}", () => {
  checkNoNestedReference(text("plain { braces }"));
  assert.deepEqual(refusal(() => checkNoNestedReference(text("x{{ssm:other}}y"))), { type: "ValidationException", message: NESTED_REFERENCE_MESSAGE });
  assert.equal(refusal(() => checkNoNestedReference(text("{{}}"))).type, "ValidationException");
});

test("StringList items are the comma-separated pieces, kept verbatim", () => {
  assert.deepEqual(stringListItems("a,b, c"), ["a", "b", " c"]);
});

test("DataType: text by default; aws:ec2:image takes String AMI ids; aws:ssm:integration takes SecureString; others refused", () => {
  assert.equal(resolveDataType(undefined, "String", text("x")), "text");
  assert.equal(resolveDataType("", "SecureString", text("x")), "text");
  assert.equal(resolveDataType("aws:ec2:image", "String", text("ami-0123456789abcdef0")), "aws:ec2:image");
  assert.equal(resolveDataType("aws:ec2:image", "String", text("ami-12345678")), "aws:ec2:image");
  for (const bad of ["ami-123", "ami-12345678Z", "AMI-12345678", "ami-0123456789abcdef", "i-12345678"]) {
    assert.equal(refusal(() => resolveDataType("aws:ec2:image", "String", text(bad))).type, "ValidationException", bad);
  }
  assert.equal(refusal(() => resolveDataType("aws:ec2:image", "StringList", text("ami-12345678"))).type, "ValidationException");
  assert.equal(resolveDataType("aws:ssm:integration", "SecureString", text("{}")), "aws:ssm:integration");
  assert.equal(refusal(() => resolveDataType("aws:ssm:integration", "String", text("{}"))).type, "ValidationException");
  assert.deepEqual(refusal(() => resolveDataType("Text", "String", text("x"))), {
    type: "ValidationException",
    message: "The following data type is not supported: Text (Data type names are all lowercase.)",
  });
});
