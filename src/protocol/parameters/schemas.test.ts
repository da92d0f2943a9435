import assert from "node:assert/strict";
import { refusalOf } from "../../../test/helpers/errors.js";
import { test } from "node:test";
import { SecretBytes } from "../../core/secret-bytes.js";
import { parseInput } from "../validation.js";
import { PARAMETERS_TARGET_PREFIXES, parametersSchemas as schemas } from "./schemas.js";

const refusal = refusalOf;

test("the target prefix is AmazonSSM.", () => {
  assert.deepEqual(PARAMETERS_TARGET_PREFIXES, ["AmazonSSM."]);
});

test("PutParameter: the value becomes SecretBytes; the other members keep their wire names", () => {
  const input = parseInput(schemas.PutParameter, { Name: "/a/b", Value: "s3cret", Type: "SecureString", KeyId: "alias/aws/ssm", Tier: "Intelligent-Tiering", Tags: [{ Key: "env", Value: "prod" }] });
  assert.ok(input.Value instanceof SecretBytes);
  assert.equal(input.Value.use((b) => b.toString("utf8")), "s3cret");
  assert.equal(input.Name, "/a/b");
  assert.equal(input.Tier, "Intelligent-Tiering");
  assert.equal(JSON.stringify(input).includes("s3cret"), false);
});

test("a PutParameter that fails validation makes no SecretBytes and does not echo the value", () => {
  const original = SecretBytes.fromUtf8;
  let made = 0;
  SecretBytes.fromUtf8 = (text: string) => (made++, original.call(SecretBytes, text));
  try {
    const bad = refusal(() => parseInput(schemas.PutParameter, { Name: "/a/b", Value: "s3cret", Type: "Secret" }));
    assert.equal(bad.type, "ValidationException");
    assert.match(bad.message, /at 'type' failed to satisfy constraint: Member must satisfy enum value set: \[String, StringList, SecureString\]/);
    assert.equal(bad.message.includes("s3cret"), false);
    const empty = refusal(() => parseInput(schemas.PutParameter, { Name: "/a/b", Value: "", Type: "String" }));
    assert.equal(empty.message, "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    const long = refusal(() => parseInput(schemas.PutParameter, { Name: "/a/b", Value: "x".repeat(32769), Type: "String" }));
    assert.equal(long.message, "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 32768");
    assert.equal(made, 0);
  } finally {
    SecretBytes.fromUtf8 = original;
  }
});

test("PutParameter model constraints: name length, KeyId pattern, tag pattern, policies length", () => {
  assert.equal(refusal(() => parseInput(schemas.PutParameter, { Name: "", Value: "v" })).type, "ValidationException");
  assert.equal(refusal(() => parseInput(schemas.PutParameter, { Name: "n".repeat(2049), Value: "v" })).type, "ValidationException");
  assert.match(refusal(() => parseInput(schemas.PutParameter, { Name: "/a", Value: "v", KeyId: "bad key" })).message, /at 'keyId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  assert.match(refusal(() => parseInput(schemas.PutParameter, { Name: "/a", Value: "v", Tags: [{ Key: "a*b", Value: "x" }] })).message, /at 'tags\.1\.member\.key'/);
  assert.ok(parseInput(schemas.PutParameter, { Name: "/a", Value: "v", Tags: [{ Key: "Ünïcode key", Value: "" }] }).Tags);
  assert.equal(refusal(() => parseInput(schemas.PutParameter, { Name: "/a", Value: "v", Policies: "" })).type, "ValidationException");
  assert.equal(refusal(() => parseInput(schemas.PutParameter, { Name: "/a", Value: 5 })).type, "SerializationException");
});

test("GetParameters and DeleteParameters take 1 to 10 names", () => {
  const ten = Array.from({ length: 10 }, (_, i) => `/p${i}`);
  assert.equal(parseInput(schemas.GetParameters, { Names: ten }).Names.length, 10);
  assert.match(refusal(() => parseInput(schemas.GetParameters, { Names: [...ten, "/p10"] })).message, /at 'names' failed to satisfy constraint: Member must have length less than or equal to 10/);
  assert.equal(refusal(() => parseInput(schemas.DeleteParameters, { Names: [] })).type, "ValidationException");
});

test("MaxResults: 1-10 for GetParametersByPath, 1-50 for DescribeParameters and GetParameterHistory", () => {
  assert.equal(refusal(() => parseInput(schemas.GetParametersByPath, { Path: "/", MaxResults: 11 })).type, "ValidationException");
  assert.equal(parseInput(schemas.DescribeParameters, { MaxResults: 50 }).MaxResults, 50);
  assert.equal(refusal(() => parseInput(schemas.GetParameterHistory, { Name: "/a", MaxResults: 51 })).type, "ValidationException");
  assert.equal(refusal(() => parseInput(schemas.DescribeParameters, { MaxResults: 0 })).type, "ValidationException");
});

test("filters: the model's key pattern and value bounds; legacy Filters need Values", () => {
  assert.ok(parseInput(schemas.DescribeParameters, { ParameterFilters: [{ Key: "tag:env", Option: "Equals", Values: ["prod"] }, { Key: "Path", Option: "Recursive", Values: ["/a"] }] }));
  assert.match(refusal(() => parseInput(schemas.DescribeParameters, { ParameterFilters: [{ Key: "Owner", Values: ["x"] }] })).message, /at 'parameterFilters\.1\.member\.key'/);
  assert.equal(refusal(() => parseInput(schemas.DescribeParameters, { ParameterFilters: [{ Key: "Name", Option: "BeginsWithX", Values: ["x"] }] })).type, "ValidationException", "options are 1-10 characters");
  assert.equal(refusal(() => parseInput(schemas.DescribeParameters, { ParameterFilters: [{ Key: "Name", Values: [] }] })).type, "ValidationException");
  assert.equal(refusal(() => parseInput(schemas.DescribeParameters, { Filters: [{ Key: "Name" }] })).type, "ValidationException");
  assert.equal(refusal(() => parseInput(schemas.DescribeParameters, { Filters: [{ Key: "Path", Values: ["/a"] }] })).type, "ValidationException");
});

test("labels: 1-10 labels of 1-100 characters; UnlabelParameterVersion needs ParameterVersion", () => {
  assert.equal(parseInput(schemas.LabelParameterVersion, { Name: "/a", Labels: ["Prod"] }).ParameterVersion, undefined);
  assert.equal(refusal(() => parseInput(schemas.LabelParameterVersion, { Name: "/a", Labels: ["L".repeat(101)] })).type, "ValidationException");
  assert.equal(refusal(() => parseInput(schemas.LabelParameterVersion, { Name: "/a", Labels: [] })).type, "ValidationException");
  assert.match(refusal(() => parseInput(schemas.UnlabelParameterVersion, { Name: "/a", Labels: ["Prod"] })).message, /Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null/);
  assert.equal(parseInput(schemas.UnlabelParameterVersion, { Name: "/a", ParameterVersion: 3, Labels: ["Prod"] }).ParameterVersion, 3);
});

test("tagging: ResourceType is the model's enum; ResourceId and Tags are required", () => {
  assert.ok(parseInput(schemas.AddTagsToResource, { ResourceType: "Parameter", ResourceId: "/a", Tags: [{ Key: "k", Value: "v" }] }));
  assert.match(refusal(() => parseInput(schemas.ListTagsForResource, { ResourceType: "Secret", ResourceId: "/a" })).message, /at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set/);
  assert.equal(refusal(() => parseInput(schemas.RemoveTagsFromResource, { ResourceType: "Parameter", ResourceId: "/a" })).type, "ValidationException");
  assert.deepEqual(parseInput(schemas.RemoveTagsFromResource, { ResourceType: "Parameter", ResourceId: "/a", TagKeys: ["k"] }).TagKeys, ["k"]);
});
