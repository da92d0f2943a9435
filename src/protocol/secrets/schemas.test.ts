import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBytes } from "../../core/secret-bytes.js";
import { parseInput } from "../validation.js";
import { secretsSchemas } from "./schemas.js";

const TOKEN = "0123456789abcdef0123456789abcdef";

function outcome(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

test("secret values become SecretBytes: SecretString from UTF-8, SecretBinary from base64", () => {
  const created = parseInput(secretsSchemas.CreateSecret, { Name: "db", ClientRequestToken: TOKEN, SecretString: "pä55" });
  assert.ok(created.SecretString instanceof SecretBytes);
  assert.equal(created.SecretString.use((b) => b.toString("utf8")), "pä55");
  assert.equal("SecretBinary" in created, false);
  const put = parseInput(secretsSchemas.PutSecretValue, { SecretId: "db", SecretBinary: "AP8=" });
  assert.ok(put.SecretBinary instanceof SecretBytes);
  assert.deepEqual(put.SecretBinary.use((b) => [...b]), [0, 255]);
  assert.equal("SecretString" in put, false);
});

test("an invalid request makes no SecretBytes, and its secret value is never echoed", (t) => {
  const made = t.mock.method(SecretBytes, "fromUtf8");
  const madeFromBase64 = t.mock.method(SecretBytes, "fromBase64");
  const message = outcome(() => parseInput(secretsSchemas.UpdateSecret, { SecretId: "db", SecretString: "hunter2", ClientRequestToken: "short" }));
  assert.match(message, /^ValidationException: 1 validation error detected: Value 'short' at 'clientRequestToken'/);
  const tooLong = outcome(() => parseInput(secretsSchemas.CreateSecret, { Name: "db", SecretString: "x".repeat(65537), SecretBinary: "AAAA" }));
  assert.equal(tooLong, "ValidationException: 1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536");
  const empty = outcome(() => parseInput(secretsSchemas.PutSecretValue, { SecretId: "db", SecretBinary: "", SecretString: "s3cret" , VersionStages: [] }));
  assert.match(empty, /Value at 'secretBinary' failed to satisfy constraint: Member must have length greater than or equal to 1/);
  assert.doesNotMatch(empty + tooLong + message, /hunter2|s3cret|xxxx/);
  assert.equal(made.mock.callCount(), 0);
  assert.equal(madeFromBase64.mock.callCount(), 0);
  assert.match(outcome(() => parseInput(secretsSchemas.CreateSecret, { Name: "db", SecretBinary: "not base64!" })), /^SerializationException: /);
});

test("the model's constraints: lengths, ranges, enums and patterns", () => {
  const check = <K extends keyof typeof secretsSchemas>(name: K, input: unknown) => outcome(() => parseInput(secretsSchemas[name], input));
  assert.equal(check("GetSecretValue", {}), "ValidationException: 1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
  assert.equal(check("ListSecrets", { MaxResults: 100, Filters: [{ Key: "tag-key", Values: ["!env", "a b:c_@/+=.-"] }], SortOrder: "asc", SortBy: "name" }), "ok");
  assert.match(check("ListSecrets", { MaxResults: 101 }), /at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100/);
  assert.match(check("ListSecrets", { Filters: [{ Key: "arn", Values: ["x"] }] }), /at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set/);
  assert.match(check("ListSecrets", { Filters: [{ Key: "name", Values: ["a*"] }] }), /at 'filters.1.member.values.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  assert.match(check("ListSecrets", { Filters: [{ Key: "name", Values: new Array(11).fill("a") }] }), /Member must have length less than or equal to 10/);
  assert.match(check("BatchGetSecretValue", { SecretIdList: new Array(21).fill("a") }), /at 'secretIdList'/);
  assert.match(check("BatchGetSecretValue", { MaxResults: 21 }), /less than or equal to 20/);
  assert.equal(check("RotateSecret", { SecretId: "db", RotationRules: { AutomaticallyAfterDays: 1000, Duration: "4h", ScheduleExpression: "rate(10 days)" } }), "ok");
  assert.match(check("RotateSecret", { SecretId: "db", RotationRules: { AutomaticallyAfterDays: 1001 } }), /at 'rotationRules.automaticallyAfterDays'/);
  assert.match(check("RotateSecret", { SecretId: "db", RotationRules: { Duration: "4d" } }), /at 'rotationRules.duration' failed to satisfy constraint: Member must satisfy regular expression pattern/);
  assert.match(check("RotateSecret", { SecretId: "db", RotationRules: { ScheduleExpression: "cron(0 0 * * ? *);" } }), /at 'rotationRules.scheduleExpression'/);
  assert.equal(check("DeleteSecret", { SecretId: "db", RecoveryWindowInDays: 45 }), "ok");
  assert.match(check("DeleteSecret", { SecretId: "db", RecoveryWindowInDays: 7.5 }), /^SerializationException: /);
  assert.match(check("UpdateSecretVersionStage", { SecretId: "db" }), /Value null at 'versionStage'/);
  assert.match(check("TagResource", { SecretId: "db" }), /Value null at 'tags'/);
  assert.match(check("UntagResource", { SecretId: "db", TagKeys: [""] }), /at 'tagKeys.1.member'/);
  assert.match(check("PutResourcePolicy", { SecretId: "db", ResourcePolicy: "" }), /at 'resourcePolicy'/);
  assert.equal(check("ValidateResourcePolicy", { ResourcePolicy: "{}" }), "ok");
  assert.match(check("CreateSecret", { Name: "db", AddReplicaRegions: [{ Region: "nowhere" }] }), /at 'addReplicaRegions.1.member.region'/);
  assert.equal(check("CreateSecret", { Name: "db", AddReplicaRegions: [{ Region: "eu-west-1" }], ForceOverwriteReplicaSecret: true }), "ok");
  assert.match(check("PutSecretValue", { SecretId: "db", VersionStages: new Array(21).fill("s") }), /at 'versionStages'/);
});

test("a RotationToken that breaks the model is refused without being echoed", () => {
  const message = outcome(() => parseInput(secretsSchemas.PutSecretValue, { SecretId: "db", SecretString: "v", RotationToken: `${"a".repeat(36)}_secret` }));
  assert.equal(message, "ValidationException: 1 validation error detected: Value at 'rotationToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\\-]+$");
  assert.equal(outcome(() => parseInput(secretsSchemas.PutSecretValue, { SecretId: "db", SecretString: "v", RotationToken: "0f8b1e2a-6c1d-4e8b-9a3f-2b7c5d9e1f00" })), "ok");
});
