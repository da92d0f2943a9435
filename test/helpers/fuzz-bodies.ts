/**
 * What the fuzzers send as request bodies: the operations Strongbox serves (every KMS, Secrets
 * Manager and Parameter Store operation), the member names they take, and fast-check arbitraries
 * of hostile JSON for them (test/fuzz-requests.test.ts, test/fuzz-http.test.ts).
 */
import fc from "fast-check";
import { kmsSchemas } from "../../src/protocol/kms/schemas.js";
import { secretsSchemas } from "../../src/protocol/secrets/schemas.js";
import { parametersSchemas } from "../../src/protocol/parameters/schemas.js";

export interface FuzzTarget {
  readonly operation: string;
  /** The X-Amz-Target prefix. */
  readonly prefix: string;
  /** The SigV4 signing name. */
  readonly service: string;
}

export const TARGETS: readonly FuzzTarget[] = [
  ...Object.keys(kmsSchemas).map((operation) => ({ operation, prefix: "TrentService.", service: "kms" })),
  ...Object.keys(secretsSchemas).map((operation) => ({ operation, prefix: "secretsmanager.", service: "secretsmanager" })),
  ...Object.keys(parametersSchemas).map((operation) => ({ operation, prefix: "AmazonSSM.", service: "ssm" })),
];

/** Member names the operations take, so that random bodies reach past the first check. */
export const MEMBERS = [
  "KeyId", "Plaintext", "CiphertextBlob", "EncryptionContext", "GrantTokens", "KeySpec", "KeyUsage", "NumberOfBytes", "Policy", "PolicyName", "Tags",
  "TagKeys", "AliasName", "TargetKeyId", "Description", "Limit", "Marker", "EncryptionAlgorithm", "SigningAlgorithm", "Message", "MessageType", "Signature",
  "MacAlgorithm", "Mac", "GranteePrincipal", "Operations", "Constraints", "PendingWindowInDays", "DestinationKeyId", "SourceEncryptionContext", "DryRun",
  "SecretId", "SecretString", "SecretBinary", "Name", "ClientRequestToken", "VersionId", "VersionStage", "VersionStages", "Filters", "MaxResults", "NextToken",
  "RecoveryWindowInDays", "ForceDeleteWithoutRecovery", "ResourcePolicy", "RotationRules", "RotationLambdaARN", "SecretIdList", "PasswordLength",
  "Value", "Type", "Overwrite", "Tier", "AllowedPattern", "Policies", "DataType", "WithDecryption", "Names", "Path", "Recursive", "ParameterFilters",
  "Labels", "ParameterVersion", "ResourceType", "ResourceId",
];

export const memberValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 1.5, "", "alias/aws/secretsmanager", "arn:aws:kms:us-east-1:111122223333:key/x", "\u0000", "\ud800"),
  fc.nat(80).map((depth) => JSON.parse(`${"[".repeat(depth)}1${"]".repeat(depth)}`) as unknown),
  fc.base64String({ maxLength: 200 }),
);

/** A JSON text (or not quite): random members with random values, any JSON, any text, deep nesting. */
export const jsonBody = fc.oneof(
  { weight: 5, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...MEMBERS), fc.string({ maxLength: 12 })), memberValue, { maxKeys: 6 }).map((object) => JSON.stringify(object)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.nat(200).map((depth) => `{"KeyId":${"[".repeat(depth)}${"]".repeat(depth)}}`) },
);

/** Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, surrogates, truncated sequences, 0xFE/0xFF. */
const INVALID_UTF8 = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xfe], [0xff], [0xef, 0xbb, 0xbf]];

/** Numbers JSON allows that no AWS member can hold, and number-like text JSON does not allow. */
const NUMBERS = ["1e999999", "-1e999999", "1e-400", "-0", "123456789012345678901234567890123456789", "9007199254740993", "0.1e1", "1E+2", "00", "01", "0x10", "+1", ".5", "5.", "NaN", "Infinity", "-Infinity", "1_000"];

/** Hostile bodies as bytes: the JSON above, with invalid UTF-8 spliced in, duplicate members, huge numbers, wrong types, a BOM or trailing bytes. */
export const hostileBody: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: jsonBody.map((text) => Buffer.from(text, "utf8")) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(jsonBody, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVALID_UTF8)), { minLength: 1, maxLength: 3 }))
      .map(([text, splices]) => {
        let bytes = Buffer.from(text, "utf8");
        for (const [at, insert] of splices) {
          const i = bytes.length === 0 ? 0 : at % (bytes.length + 1);
          bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(insert), bytes.subarray(i)]);
        }
        return bytes;
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...MEMBERS), fc.array(fc.oneof(fc.constantFrom(...NUMBERS), memberValue.map((v) => JSON.stringify(v) ?? "null")), { minLength: 2, maxLength: 4 }))
      .map(([name, values]) => Buffer.from(`{${values.map((v) => `"${name}":${v}`).join(",")}}`, "latin1")),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...MEMBERS), fc.constantFrom(...INVALID_UTF8), fc.constantFrom("", "\ufeff", " \t\r\n"), fc.constantFrom("", "}", "garbage", "\u0000", "{}"))
      .map(([name, bad, before, after]) => Buffer.concat([Buffer.from(`${before}{"${name}":"`), Buffer.from(bad), Buffer.from(`"}${after}`)])),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
);
