/**
 * Hostile input, property-based (fast-check): random and mutated JSON bodies, sent signed to
 * every operation of KMS, Secrets Manager and Parameter Store on a real server. Whatever comes
 * in, the answer is 200 or a well-formed AWS client error (never a 5xx), and the server keeps
 * serving. FUZZ_RUNS sets the number of cases (`npm run test:fuzz` runs 100,000).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { ListKeysCommand } from "@aws-sdk/client-kms";
import { kmsSchemas } from "../src/protocol/kms/schemas.js";
import { secretsSchemas } from "../src/protocol/secrets/schemas.js";
import { parametersSchemas } from "../src/protocol/parameters/schemas.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);

const TARGETS = [
  ...Object.keys(kmsSchemas).map((operation) => ({ operation, prefix: "TrentService.", service: "kms" })),
  ...Object.keys(secretsSchemas).map((operation) => ({ operation, prefix: "secretsmanager.", service: "secretsmanager" })),
  ...Object.keys(parametersSchemas).map((operation) => ({ operation, prefix: "AmazonSSM.", service: "ssm" })),
];

/** Member names the operations take, so that random bodies reach past the first check. */
const MEMBERS = [
  "KeyId", "Plaintext", "CiphertextBlob", "EncryptionContext", "GrantTokens", "KeySpec", "KeyUsage", "NumberOfBytes", "Policy", "PolicyName", "Tags",
  "TagKeys", "AliasName", "TargetKeyId", "Description", "Limit", "Marker", "EncryptionAlgorithm", "SigningAlgorithm", "Message", "MessageType", "Signature",
  "MacAlgorithm", "Mac", "GranteePrincipal", "Operations", "Constraints", "PendingWindowInDays", "DestinationKeyId", "SourceEncryptionContext", "DryRun",
  "SecretId", "SecretString", "SecretBinary", "Name", "ClientRequestToken", "VersionId", "VersionStage", "VersionStages", "Filters", "MaxResults", "NextToken",
  "RecoveryWindowInDays", "ForceDeleteWithoutRecovery", "ResourcePolicy", "RotationRules", "RotationLambdaARN", "SecretIdList", "PasswordLength",
  "Value", "Type", "Overwrite", "Tier", "AllowedPattern", "Policies", "DataType", "WithDecryption", "Names", "Path", "Recursive", "ParameterFilters",
  "Labels", "ParameterVersion", "ResourceType", "ResourceId",
];

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 1.5, "", "alias/aws/secretsmanager", "arn:aws:kms:us-east-1:111122223333:key/x", "\u0000", "\ud800"),
  fc.nat(80).map((depth) => JSON.parse(`${"[".repeat(depth)}1${"]".repeat(depth)}`) as unknown),
  fc.base64String({ maxLength: 200 }),
);

const body = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...MEMBERS), fc.string({ maxLength: 12 })), value, { maxKeys: 6 }).map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.nat(200).map((depth) => `{"KeyId":${"[".repeat(depth)}${"]".repeat(depth)}}`) },
);

describe("hostile request bodies", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test(`${RUNS} random bodies to every operation: 200 or a well-formed client error, never a 5xx`, async (t) => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TARGETS), body, async (target, payload) => {
        cases++;
        const answer = await signedCall(server.url, target.operation, payload, { service: target.service, targetPrefix: target.prefix });
        assert.ok(answer.status < 500, `${target.prefix}${target.operation} answered ${answer.status} ${answer.text.slice(0, 200)} to ${payload.slice(0, 200)}`);
        if (answer.status !== 200) {
          assert.equal(typeof answer.body.__type, "string", answer.text.slice(0, 200));
          assert.equal(typeof (answer.body.message ?? answer.body.Message), "string", answer.text.slice(0, 200));
          assert.ok(!/\n\s+at /.test(answer.text), "no stack trace");
        }
      }),
      { numRuns: RUNS },
    );
    assert.equal(cases, RUNS);
    t.diagnostic(`fuzz: ${cases} cases`);
    const kms = server.kms();
    try {
      assert.ok((await kms.send(new ListKeysCommand({}))).Keys, "the server still serves");
    } finally {
      kms.destroy();
    }
  });
});
