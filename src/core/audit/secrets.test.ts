import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBytes } from "../secret-bytes.js";
import { SERVICES } from "./allow-lists.js";
import { chainRecord } from "./chain.js";
import { apiCallEvent, serviceEvent, type ApiCallFacts } from "./event.js";
import { ACCOUNT, encryptFacts, roleSession } from "./fixtures.test.js";
import type { Fields, Shape } from "./shape.js";

/** Every secret value a request or answer can carry, each unique so a search finds it anywhere. */
const S = {
  plaintext: "PLAINTEXT-c2VjcmV0",
  ciphertext: "CIPHERTEXT-AQIDBA",
  message: "MESSAGE-to-sign",
  signature: "SIGNATURE-MEUCIQ",
  mac: "MAC-tag-value",
  publicKey: "PUBLICKEY-MCowBQ",
  sharedSecret: "SHAREDSECRET-x25519",
  sharedSecretCiphertext: "KEMCIPHERTEXT-abc",
  privateKeyPlaintext: "PRIVATEKEYPLAINTEXT-MC4CAQ",
  privateKeyCiphertext: "PRIVATEKEYCIPHERTEXT-AQID",
  secretAccessKey: "SECRETACCESSKEY-wJalrXUtnFEMI",
  sessionToken: "SESSIONTOKEN-FwoGZXIvYXdz",
  grantToken: "GRANTTOKEN-AQpAM2Rh",
  importToken: "IMPORTTOKEN-AQID",
  encryptedKeyMaterial: "ENCRYPTEDKEYMATERIAL-AQID",
  password: "PASSWORD-hunter2",
  passphrase: "PASSPHRASE-correct-horse",
  externalId: "EXTERNALID-shared-with-partner",
  tokenCode: "TOKENCODE-123456",
  recipient: "ATTESTATIONDOCUMENT-hEShATgi",
  binary: "BINARY-buffer-content",
  secretBytes: "SECRETBYTES-content",
  secretString: "SECRETSTRING-db-password",
  parameterValue: "PARAMETERVALUE-securestring",
  secretBinary: "SECRETBINARY-AQIDBA",
  randomPassword: "RANDOMPASSWORD-x9!Qz",
  clientRequestToken: "CLIENTREQUESTTOKEN-5f2c",
};

const bytes = () => Buffer.from(S.binary);
const secret = () => SecretBytes.fromUtf8(S.secretBytes);

/** A request with every secret-bearing member of every service, and secrets hidden inside allowed structures. */
const everySecretInput = {
  KeyId: "alias/app",
  Plaintext: S.plaintext,
  CiphertextBlob: S.ciphertext,
  Message: S.message,
  Signature: S.signature,
  Mac: S.mac,
  PublicKey: S.publicKey,
  SharedSecretCiphertextBlob: S.sharedSecretCiphertext,
  GrantTokens: [S.grantToken],
  GrantToken: S.grantToken,
  ImportToken: S.importToken,
  EncryptedKeyMaterial: S.encryptedKeyMaterial,
  Recipient: { AttestationDocument: S.recipient, KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256" },
  Password: S.password,
  Passphrase: S.passphrase,
  ExternalId: S.externalId,
  SerialNumber: "arn:aws:iam::111122223333:mfa/alice",
  TokenCode: S.tokenCode,
  SecretAccessKey: S.secretAccessKey,
  SessionToken: S.sessionToken,
  SecretString: S.secretString,
  SecretBinary: S.secretBinary,
  ClientRequestToken: S.clientRequestToken,
  Value: S.parameterValue,
  // Allowed members whose values are not data of the allowed kind:
  Description: bytes(),
  Policy: secret(),
  EncryptionContext: { purpose: "test", blob: bytes(), nested: { Plaintext: S.plaintext } },
  Constraints: { EncryptionContextSubset: { a: "b" }, GrantToken: S.grantToken },
  Tags: [{ TagKey: "t", TagValue: "v", Plaintext: S.plaintext }, { Key: "k", Value: "v", SecretAccessKey: S.secretAccessKey }],
  Operations: ["Encrypt", bytes(), { Plaintext: S.plaintext }],
};

/** An answer with every secret-bearing member of every service. */
const everySecretOutput = {
  KeyId: "arn:aws:kms:us-east-1:111122223333:key/k",
  Plaintext: secret(),
  Parameter: { Name: "/p", Value: S.parameterValue },
  Parameters: [{ Name: "/p", Value: S.parameterValue }],
  SecretString: S.secretString,
  SecretBinary: bytes(),
  RandomPassword: S.randomPassword,
  CiphertextBlob: bytes(),
  CiphertextForRecipient: S.ciphertext,
  Signature: S.signature,
  Mac: S.mac,
  PublicKey: S.publicKey,
  SharedSecret: S.sharedSecret,
  PrivateKeyPlaintext: S.privateKeyPlaintext,
  PrivateKeyCiphertextBlob: S.privateKeyCiphertext,
  ImportToken: S.importToken,
  GrantToken: S.grantToken,
  GrantId: "grant-1",
  KeyMetadata: { KeyId: "k", PrivateKey: S.privateKeyPlaintext, Arn: bytes() },
  AccessKey: { AccessKeyId: "AKIANEW", Status: "Active", UserName: "bob", SecretAccessKey: S.secretAccessKey, CreateDate: new Date(0) },
  Credentials: { AccessKeyId: "ASIANEW", SecretAccessKey: S.secretAccessKey, SessionToken: S.sessionToken, Expiration: new Date(0) },
  AssumedRoleUser: { AssumedRoleId: "AROA:s", Arn: "arn:aws:sts::111122223333:assumed-role/r/s", SessionToken: S.sessionToken },
  User: { UserName: "bob", Password: S.password },
};

const OPERATIONS: Record<ApiCallFacts["service"], string[]> = {
  kms: [
    "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext", "GenerateRandom", "Sign", "Verify", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
    "Encapsulate", "Decapsulate", "GetPublicKey", "CreateKey", "DescribeKey", "CreateGrant", "RetireGrant", "ListGrants",
    "GetParametersForImport", "ImportKeyMaterial", "DeleteImportedKeyMaterial", "ScheduleKeyDeletion", "CancelKeyDeletion", "RotateKeyOnDemand", "EnableKey",
  ],
  iam: ["CreateUser", "CreateAccessKey", "ListAccessKeys", "CreateLoginProfile", "CreateRole", "GetUser"],
  sts: ["AssumeRole", "GetSessionToken", "GetCallerIdentity"],
  strongbox: ["SimulateKeyAccess"],
  cloudtrail: ["LookupEvents"],
  secretsmanager: ["GetRandomPassword", "CreateSecret", "GetSecretValue", "PutSecretValue", "BatchGetSecretValue"],
  ssm: ["PutParameter", "GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory", "LabelParameterVersion"],
};

function assertNoSecret(text: string, where: string): void {
  for (const [name, value] of Object.entries(S)) assert.ok(!text.includes(value), `${where}: the ${name} survived: ${text}`);
  // A Buffer serializes as its byte values and SecretBytes as "[redacted]": neither may get in at all.
  assert.ok(!text.includes('"Buffer"') && !text.includes("[redacted]"), `${where}: a binary value survived: ${text}`);
}

test("no secret a request or answer carries survives into an event or the chain", () => {
  let previous: { seq: number; hash: string } | undefined;
  let checked = 0;
  for (const [service, operations] of Object.entries(OPERATIONS) as [ApiCallFacts["service"], string[]][]) {
    for (const operation of operations) {
      for (const caller of [roleSession, undefined]) {
        const facts = encryptFacts({ service, operation, input: everySecretInput, output: everySecretOutput, ...(caller ? { caller } : {}) });
        const event = apiCallEvent(caller ? facts : (({ caller: _, ...rest }) => rest)(facts));
        const record = chainRecord(previous, event);
        previous = record;
        assertNoSecret(JSON.stringify(event), `${service}:${operation}`);
        assertNoSecret(record.event, `${service}:${operation} (chained)`);
        checked += 1;
      }
    }
  }
  assert.ok(checked > 70);
  // The allowed parts did get through, so the test is not passing on empty events.
  const createGrant = apiCallEvent(encryptFacts({ operation: "CreateGrant", input: everySecretInput, output: everySecretOutput }));
  assert.deepEqual(createGrant.requestParameters?.["encryptionContext"], { purpose: "test" });
  assert.deepEqual(createGrant.requestParameters?.["tags"], [{ tagKey: "t", tagValue: "v" }]);
  assert.deepEqual(createGrant.requestParameters?.["operations"], ["Encrypt"]);
  assert.equal(createGrant.responseElements?.["grantId"], "grant-1");
  const accessKey = apiCallEvent(encryptFacts({ service: "iam", operation: "CreateAccessKey", input: { UserName: "bob" }, output: everySecretOutput }));
  assert.deepEqual(accessKey.responseElements, { accessKey: { accessKeyId: "AKIANEW", status: "Active", userName: "bob" } });
});

test("a service event drops binary values and secret-named details", () => {
  const event = serviceEvent({
    eventName: "Unseal",
    accountId: ACCOUNT,
    region: "us-east-1",
    time: new Date(0),
    eventId: "e1",
    details: { shares: 3, passphrase: S.passphrase, nested: { plaintext: S.plaintext, key: bytes(), sealed: secret() }, list: [bytes(), "ok"], privateKey: S.privateKeyPlaintext },
  });
  assertNoSecret(JSON.stringify(event), "Unseal");
  assert.deepEqual(event.serviceEventDetails, { nested: {}, list: ["ok"] });
});

const FORBIDDEN = /^(Plaintext|CiphertextBlob|CiphertextForRecipient|Message|Signature|Mac|PublicKey|SharedSecret.*|PrivateKey.*|SecretAccessKey|SessionToken|GrantTokens?|ImportToken|EncryptedKeyMaterial|Recipient|Password|Passphrase|ExternalId|TokenCode|SecretString|SecretBinary|Value?s?Secret)$/;

function allowedNames(fields: Fields, path: string): string[] {
  return Object.entries(fields).flatMap(([name, shape]: [string, Shape]) => {
    const here = `${path}.${name}`;
    if (typeof shape === "string") return [here];
    return [here, ...allowedNames("fields" in shape ? shape.fields : shape.listOf, here)];
  });
}

test("no allow-list names a secret-bearing member", () => {
  const names = Object.entries(SERVICES).flatMap(([service, lists]) => [
    ...allowedNames(lists.request, `${service}.request`),
    ...Object.entries(lists.response).flatMap(([operation, fields]) => allowedNames(fields, `${service}.${operation}`)),
  ]);
  assert.ok(names.length > 100);
  const offending = names.filter((path) => FORBIDDEN.test(path.slice(path.lastIndexOf(".") + 1)));
  assert.deepEqual(offending, []);
});
