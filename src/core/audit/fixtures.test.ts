import type { Caller } from "../identity/caller.js";
import type { ApiCallFacts } from "./event.js";

// Shared by the audit tests (not a test file itself: the runner picks up *.test.ts only).

export const ACCOUNT = "111122223333";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export const alice: Caller = {
  accountId: ACCOUNT,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/Alice`,
  accessKeyId: "AKIAEXAMPLEALICE0001",
  principalType: "User",
  userId: "AIDAEXAMPLEALICE0001",
  userName: "Alice",
  principalTags: {},
};

export const roleSession: Caller = {
  accountId: ACCOUNT,
  principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/KeyAdmin/build-42`,
  accessKeyId: "ASIAEXAMPLESESSION01",
  principalType: "AssumedRole",
  userId: "AROAEXAMPLEROLE00001:build-42",
  roleArn: `arn:aws:iam::${ACCOUNT}:role/ops/KeyAdmin`,
  sessionIssuedAt: new Date("2025-05-20T20:40:00.750Z"),
  principalTags: {},
};

export const root: Caller = {
  accountId: ACCOUNT,
  principalArn: `arn:aws:iam::${ACCOUNT}:root`,
  accessKeyId: "AKIAEXAMPLEROOT00001",
  principalType: "Root",
  userId: ACCOUNT,
  principalTags: {},
};

/** A KMS Encrypt as the wire carries it, with its answer. */
export function encryptFacts(overrides: Partial<ApiCallFacts> = {}): ApiCallFacts {
  return {
    service: "kms",
    operation: "Encrypt",
    caller: alice,
    accountId: ACCOUNT,
    region: "us-east-1",
    sourceIp: "192.0.2.10",
    userAgent: "aws-sdk-js/3.0",
    requestId: "f3423043-63bc-11e4-bc2b-4198b6150d5c",
    eventId: "91235988-eb87-476a-ac2c-0cdc244e6dca",
    time: new Date("2025-05-20T20:46:16.482Z"),
    input: { KeyId: "alias/app", Plaintext: "c2VjcmV0LXBsYWludGV4dA==", EncryptionContext: { Department: "Engineering" }, GrantTokens: ["grant-token-xyz"] },
    output: { CiphertextBlob: "AQIDBAUGBwgJ", KeyId: KEY_ARN, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" },
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: KEY_ARN }],
    ...overrides,
  };
}
