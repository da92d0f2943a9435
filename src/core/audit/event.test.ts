import assert from "node:assert/strict";
import { test } from "node:test";
import { apiCallEvent, serviceEvent } from "./event.js";
import { ACCOUNT, KEY_ARN, alice, encryptFacts, roleSession, root } from "./fixtures.test.js";

test("a KMS Encrypt by an IAM user is the record CloudTrail writes", () => {
  const event = apiCallEvent(encryptFacts());
  assert.deepEqual(event, {
    eventVersion: "1.11",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLEALICE0001",
      arn: `arn:aws:iam::${ACCOUNT}:user/Alice`,
      accountId: ACCOUNT,
      accessKeyId: "AKIAEXAMPLEALICE0001",
      userName: "Alice",
    },
    eventTime: "2025-05-20T20:46:16Z",
    eventSource: "kms.amazonaws.com",
    eventName: "Encrypt",
    awsRegion: "us-east-1",
    sourceIPAddress: "192.0.2.10",
    userAgent: "aws-sdk-js/3.0",
    requestParameters: { keyId: "alias/app", encryptionContext: { Department: "Engineering" } },
    responseElements: null,
    requestID: "f3423043-63bc-11e4-bc2b-4198b6150d5c",
    eventID: "91235988-eb87-476a-ac2c-0cdc244e6dca",
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: KEY_ARN }],
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  });
});

test("a call from a role session names the session and the role that issued it", () => {
  const event = apiCallEvent(encryptFacts({ caller: roleSession }));
  assert.deepEqual(event.userIdentity, {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEROLE00001:build-42",
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/KeyAdmin/build-42`,
    accountId: ACCOUNT,
    accessKeyId: "ASIAEXAMPLESESSION01",
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: "AROAEXAMPLEROLE00001",
        arn: `arn:aws:iam::${ACCOUNT}:role/ops/KeyAdmin`,
        accountId: ACCOUNT,
        userName: "KeyAdmin",
      },
      attributes: { creationDate: "2025-05-20T20:40:00Z", mfaAuthenticated: "false" },
    },
  });
  const { sessionIssuedAt: _, ...withoutIssueTime } = roleSession;
  assert.deepEqual(apiCallEvent(encryptFacts({ caller: withoutIssueTime })).userIdentity.sessionContext?.attributes, { mfaAuthenticated: "false" });
});

test("a call by the root user is attributed to the account", () => {
  assert.deepEqual(apiCallEvent(encryptFacts({ caller: root })).userIdentity, {
    type: "Root",
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    accessKeyId: "AKIAEXAMPLEROOT00001",
  });
});

test("a denied call carries the error and no response, even if an answer was at hand", () => {
  const event = apiCallEvent(
    encryptFacts({
      error: { code: "AccessDeniedException", message: `User: arn:aws:iam::${ACCOUNT}:user/Alice is not authorized to perform: kms:Encrypt` },
      output: { CiphertextBlob: "AQIDBAUGBwgJ", KeyId: KEY_ARN },
    }),
  );
  assert.equal(event.errorCode, "AccessDeniedException");
  assert.match(event.errorMessage ?? "", /not authorized to perform: kms:Encrypt/);
  assert.equal(event.responseElements, null);
  assert.deepEqual(event.requestParameters, { keyId: "alias/app", encryptionContext: { Department: "Engineering" } });
  assert.equal(event.userIdentity.type, "IAMUser");
  assert.ok(!("errorCode" in apiCallEvent(encryptFacts())), "a successful call has no errorCode member");
});

test("an unauthenticated call records the access key it named, and no principal", () => {
  const { caller: _, ...facts } = encryptFacts({
    accessKeyId: "AKIAUNKNOWNKEY000001",
    error: { code: "UnrecognizedClientException", message: "The security token included in the request is invalid." },
    output: undefined,
    resources: undefined,
  });
  const event = apiCallEvent(facts);
  assert.deepEqual(event.userIdentity, { type: "Unknown", accessKeyId: "AKIAUNKNOWNKEY000001" });
  assert.equal(event.recipientAccountId, ACCOUNT);
  assert.equal(event.errorCode, "UnrecognizedClientException");
  assert.ok(!("resources" in event));
  const { caller: __, ...anonymous } = encryptFacts();
  assert.deepEqual(apiCallEvent(anonymous).userIdentity, { type: "Unknown" });
});

test("the event source follows the service; times are UTC to the second", () => {
  const sources = (["kms", "iam", "sts", "strongbox", "cloudtrail"] as const).map((service) => apiCallEvent(encryptFacts({ service, operation: "X" })).eventSource);
  assert.deepEqual(sources, ["kms.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com", "strongbox.amazonaws.com", "cloudtrail.amazonaws.com"]);
  assert.equal(apiCallEvent(encryptFacts({ time: new Date("2026-01-02T03:04:05.999Z") })).eventTime, "2026-01-02T03:04:05Z");
});

test("KMS answers are recorded as AWS's log examples show them", () => {
  const created = apiCallEvent(
    encryptFacts({
      operation: "CreateKey",
      readOnly: false,
      input: { Description: "app key", KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT", Tags: [{ TagKey: "team", TagValue: "core" }], BypassPolicyLockoutSafetyCheck: false },
      output: {
        KeyMetadata: {
          AWSAccountId: ACCOUNT,
          KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
          Arn: KEY_ARN,
          CreationDate: new Date("2025-05-20T20:46:16.100Z"),
          Enabled: true,
          KeyState: "Enabled",
          EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
        },
      },
    }),
  );
  assert.deepEqual(created.requestParameters, {
    description: "app key",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    tags: [{ tagKey: "team", tagValue: "core" }],
    bypassPolicyLockoutSafetyCheck: false,
  });
  assert.deepEqual(created.responseElements, {
    keyMetadata: {
      AWSAccountId: ACCOUNT,
      keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      arn: KEY_ARN,
      creationDate: "2025-05-20T20:46:16Z",
      enabled: true,
      keyState: "Enabled",
      encryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
    },
  });

  const grant = apiCallEvent(
    encryptFacts({
      operation: "CreateGrant",
      input: { KeyId: "alias/app", GranteePrincipal: "arn:aws:iam::111122223333:role/Worker", Operations: ["Encrypt", "RetireGrant"], Constraints: { EncryptionContextSubset: { Dept: "X" } } },
      output: { GrantToken: "AQpAM2RhZ...grant-token", GrantId: "0c237476b39f8bc44e45212e08498fbe" },
    }),
  );
  assert.deepEqual(grant.responseElements, { grantId: "0c237476b39f8bc44e45212e08498fbe", keyId: KEY_ARN });
  assert.deepEqual(grant.requestParameters?.["constraints"], { encryptionContextSubset: { Dept: "X" } });

  // No answer of its own, but AWS logs the key's ARN (entries since December 2022).
  assert.deepEqual(apiCallEvent(encryptFacts({ operation: "EnableKey", input: { KeyId: "alias/app" }, output: {} })).responseElements, { keyId: KEY_ARN });
  // Signing and other cryptographic calls: responseElements null, as in AWS's Sign example.
  assert.equal(apiCallEvent(encryptFacts({ operation: "Sign", input: { KeyId: "k", Message: "bWVzc2FnZQ==", SigningAlgorithm: "ED25519_SHA_512" }, output: { KeyId: KEY_ARN, Signature: "c2ln" } })).responseElements, null);
  // Decrypt always names its algorithm, and the key even when the ciphertext chose it.
  assert.deepEqual(apiCallEvent(encryptFacts({ operation: "Decrypt", input: { CiphertextBlob: "AQID" } })).requestParameters, { encryptionAlgorithm: "SYMMETRIC_DEFAULT", keyId: KEY_ARN });
});

test("IAM and STS members are named as CloudTrail names them; temporary credentials keep only their id", () => {
  const user = apiCallEvent(
    encryptFacts({ service: "iam", operation: "CreateUser", input: { UserName: "bob", Path: "/eng/", Tags: [{ Key: "team", Value: "core" }] }, output: undefined }),
  );
  assert.deepEqual(user.requestParameters, { userName: "bob", path: "/eng/", tags: [{ key: "team", value: "core" }] });
  const assumed = apiCallEvent(
    encryptFacts({
      service: "sts",
      operation: "AssumeRole",
      input: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`, RoleSessionName: "build-42", DurationSeconds: "900" },
      output: {
        Credentials: { AccessKeyId: "ASIAEXAMPLESESSION01", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG", SessionToken: "FwoGZXIvYXdzEJr", Expiration: new Date("2025-05-20T21:01:16Z") },
        AssumedRoleUser: { AssumedRoleId: "AROAEXAMPLEROLE00001:build-42", Arn: roleSession.principalArn },
      },
    }),
  );
  assert.deepEqual(assumed.requestParameters, { roleArn: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`, roleSessionName: "build-42", durationSeconds: "900" });
  assert.deepEqual(assumed.responseElements, {
    assumedRoleUser: { assumedRoleId: "AROAEXAMPLEROLE00001:build-42", arn: roleSession.principalArn },
    credentials: { accessKeyId: "ASIAEXAMPLESESSION01", expiration: "2025-05-20T21:01:16Z" },
  });
  assert.equal(apiCallEvent(encryptFacts({ service: "iam", operation: "ListUsers", input: {}, output: { Users: [] } })).requestParameters, null);
});

test("a service event is attributed to Strongbox and carries plain details only", () => {
  const event = serviceEvent({
    eventName: "RotateKey",
    accountId: ACCOUNT,
    region: "us-east-1",
    time: new Date("2025-06-01T00:00:00.300Z"),
    eventId: "b25f9cda-74e1-4458-847b-4972a0bf9668",
    details: { keyId: KEY_ARN, keyMaterialId: "ab".repeat(32), newKeyMaterial: Buffer.from("raw key bytes"), plaintext: "never" },
    resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: KEY_ARN }],
  });
  assert.deepEqual(event, {
    eventVersion: "1.11",
    userIdentity: { type: "AWSService", invokedBy: "strongbox.internal" },
    eventTime: "2025-06-01T00:00:00Z",
    eventSource: "kms.amazonaws.com",
    eventName: "RotateKey",
    awsRegion: "us-east-1",
    sourceIPAddress: "strongbox.internal",
    userAgent: "strongbox.internal",
    requestParameters: null,
    responseElements: null,
    requestID: "b25f9cda-74e1-4458-847b-4972a0bf9668",
    eventID: "b25f9cda-74e1-4458-847b-4972a0bf9668",
    readOnly: false,
    resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: KEY_ARN }],
    eventType: "AwsServiceEvent",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    serviceEventDetails: { keyId: KEY_ARN, keyMaterialId: "ab".repeat(32) },
  });
  const unseal = serviceEvent({ eventName: "Unseal", accountId: ACCOUNT, region: "us-east-1", time: new Date(0), eventId: "e", requestId: "r", details: {} });
  assert.equal(unseal.eventSource, "strongbox.internal");
  assert.equal(unseal.requestID, "r");
  assert.ok(!("serviceEventDetails" in unseal) && !("resources" in unseal));
  assert.equal(apiCallEvent(encryptFacts({ caller: alice })).eventType, "AwsApiCall");
});
