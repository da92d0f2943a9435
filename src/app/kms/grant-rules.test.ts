import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ServiceError } from "../../core/errors.js";
import type { Caller } from "../../core/identity/caller.js";
import type { GrantRecord } from "../../ports/grant-repository.js";
import {
  constraintsOf,
  grantAllows,
  grantAllowsChildGrant,
  granteeMatches,
  grantOperations,
  principalAccount,
  retirableBy,
} from "./grant-rules.js";
import { issueGrantToken, parseGrantToken, requireGrantTokensValid } from "./grant-tokens.js";

const ACCOUNT = "111122223333";
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-44cd-86ef-1234567890ab`;

const grant = (overrides: Partial<GrantRecord> = {}): GrantRecord => ({
  key: { accountId: ACCOUNT, region: "us-east-1", keyId: "1234abcd-12ab-44cd-86ef-1234567890ab" },
  grantId: "a".repeat(64),
  granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/app/Worker`,
  issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
  operations: ["Decrypt", "Encrypt"],
  createdAt: new Date(0),
  ...overrides,
});

const caller = (overrides: Partial<Caller> = {}): Caller => ({
  accountId: ACCOUNT,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accessKeyId: "AKIAEXAMPLE000000001",
  principalType: "User",
  userId: "AIDAEXAMPLE",
  principalTags: {},
  ...overrides,
});
const root = caller({ principalArn: `arn:aws:iam::${ACCOUNT}:root`, principalType: "Root", userId: ACCOUNT });
const session = caller({
  principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Worker/job-1`,
  principalType: "AssumedRole",
  roleArn: `arn:aws:iam::${ACCOUNT}:role/app/Worker`,
});

const rejects = (fn: () => unknown, type: string, message?: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof ServiceError && e.type === type && (message === undefined || message.test(e.message)));

describe("grantAllows", () => {
  test("operation membership", () => {
    assert.equal(grantAllows(grant(), "Decrypt", undefined), true);
    assert.equal(grantAllows(grant(), "GenerateDataKey", undefined), false);
    assert.equal(grantAllows(grant({ operations: ["ReEncryptFrom"] }), "ReEncryptTo", undefined), false);
  });

  test("EncryptionContextEquals: the same map, in any order; keys compare case-insensitively, values do not", () => {
    const g = grant({ constraints: { encryptionContextEquals: { Department: "IT", Purpose: "Test" } } });
    assert.equal(grantAllows(g, "Decrypt", { Purpose: "Test", Department: "IT" }), true);
    assert.equal(grantAllows(g, "Decrypt", { department: "IT", purpose: "Test" }), true);
    assert.equal(grantAllows(g, "Decrypt", { Department: "it", Purpose: "Test" }), false);
    assert.equal(grantAllows(g, "Decrypt", { Department: "IT" }), false);
    assert.equal(grantAllows(g, "Decrypt", { Department: "IT", Purpose: "Test", Extra: "x" }), false);
    assert.equal(grantAllows(g, "Decrypt", undefined), false);
  });

  test("EncryptionContextSubset: every constraint pair present, more allowed", () => {
    const g = grant({ constraints: { encryptionContextSubset: { Department: "Finance", Classification: "Public" } } });
    assert.equal(grantAllows(g, "Encrypt", { Classification: "Public", Department: "Finance" }), true);
    assert.equal(grantAllows(g, "Encrypt", { Customer: "12345", Department: "Finance", Classification: "Public" }), true);
    assert.equal(grantAllows(g, "Encrypt", { Department: "Finance" }), false);
    assert.equal(grantAllows(g, "Encrypt", { department: "finance", classification: "public" }), false);
    assert.equal(grantAllows(grant({ constraints: { encryptionContextSubset: {} } }), "Encrypt", undefined), true);
  });

  test("constraints do not apply to operations without an encryption context", () => {
    const g = grant({ operations: ["DescribeKey", "RetireGrant", "GenerateDataKeyPair"], constraints: { encryptionContextEquals: { a: "1" } } });
    assert.equal(grantAllows(g, "DescribeKey", undefined), true);
    assert.equal(grantAllows(g, "RetireGrant", { b: "2" }), true);
    assert.equal(grantAllows(g, "GenerateDataKeyPair", undefined), false, "data key pairs take an encryption context");
    assert.equal(grantAllows(g, "GenerateDataKeyPair", { a: "1" }), true);
  });

  test("a key such as __proto__ is an ordinary pair", () => {
    const constraint = Object.create(null) as Record<string, string>;
    Object.defineProperty(constraint, "__proto__", { value: "x", enumerable: true });
    const g = grant({ constraints: { encryptionContextSubset: constraint } });
    assert.equal(grantAllows(g, "Decrypt", {}), false);
    assert.equal(grantAllows(g, "Decrypt", constraint), true);
  });
});

describe("granteeMatches and retirableBy", () => {
  test("exact ARN; a role grantee matches its sessions; an account grantee only the root user", () => {
    assert.equal(granteeMatches(grant(), session), true);
    assert.equal(granteeMatches(grant({ granteePrincipal: session.principalArn }), session), true);
    assert.equal(granteeMatches(grant(), caller()), false);
    assert.equal(granteeMatches(grant({ granteePrincipal: caller().principalArn }), caller()), true);
    const accountGrant = grant({ granteePrincipal: root.principalArn });
    assert.equal(granteeMatches(accountGrant, root), true);
    assert.equal(granteeMatches(accountGrant, caller()), false);
    assert.equal(granteeMatches(grant({ granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/Worker` }), session), false, "the role path is part of the ARN");
  });

  test("retiring principal, grantee with RetireGrant, issuing account root", () => {
    assert.equal(retirableBy(grant({ retiringPrincipal: caller().principalArn }), caller()), true);
    assert.equal(retirableBy(grant(), session), false, "the grantee needs RetireGrant among the operations");
    assert.equal(retirableBy(grant({ operations: ["Decrypt", "RetireGrant"] }), session), true);
    assert.equal(retirableBy(grant(), root), true);
    assert.equal(retirableBy(grant({ issuingAccount: "arn:aws:iam::444455556666:root" }), root), false);
    assert.equal(retirableBy(grant(), caller()), false);
  });
});

describe("grantAllowsChildGrant", () => {
  const parent = grant({ operations: ["Decrypt", "GenerateDataKey", "CreateGrant"], constraints: { encryptionContextSubset: { Department: "IT" } } });
  test("only operations of the parent, and constraints as strict or stricter", () => {
    assert.equal(grantAllowsChildGrant(parent, { operations: ["Decrypt"], constraints: { encryptionContextSubset: { Department: "IT", Team: "a" } } }), true);
    assert.equal(grantAllowsChildGrant(parent, { operations: ["Decrypt", "CreateGrant"], constraints: { encryptionContextEquals: { Department: "IT" } } }), true);
    assert.equal(grantAllowsChildGrant(parent, { operations: ["Decrypt"] }), false, "dropping the constraint");
    assert.equal(grantAllowsChildGrant(parent, { operations: ["Encrypt"], constraints: { encryptionContextSubset: { Department: "IT" } } }), false);
    const equalsParent = grant({ operations: ["Decrypt", "CreateGrant"], constraints: { encryptionContextEquals: { Department: "IT" } } });
    assert.equal(grantAllowsChildGrant(equalsParent, { operations: ["Decrypt"], constraints: { encryptionContextSubset: { Department: "IT" } } }), false);
    assert.equal(grantAllowsChildGrant(grant(), { operations: ["Decrypt"] }), false, "the parent must allow CreateGrant");
  });
});

describe("CreateGrant request rules", () => {
  test("principals: account root, users, roles, sessions, federated users of this partition", () => {
    assert.equal(principalAccount(`arn:aws:iam::${ACCOUNT}:root`, "aws"), ACCOUNT);
    assert.equal(principalAccount(`arn:aws:iam::${ACCOUNT}:user/division/alice`, "aws"), ACCOUNT);
    assert.equal(principalAccount(`arn:aws:iam::${ACCOUNT}:role/Worker`, "aws"), ACCOUNT);
    assert.equal(principalAccount(`arn:aws:sts::${ACCOUNT}:assumed-role/Worker/job-1`, "aws"), ACCOUNT);
    assert.equal(principalAccount(`arn:aws:sts::${ACCOUNT}:federated-user/bob`, "aws"), ACCOUNT);
    for (const bad of [ACCOUNT, "dynamodb.amazonaws.com", `arn:aws-cn:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:group/admins`, `arn:aws:iam::${ACCOUNT}:user/`, "*"]) {
      assert.equal(principalAccount(bad, "aws"), undefined, bad);
    }
  });

  test("constraints: one kind at most, 8 pairs, 384-character values", () => {
    rejects(() => constraintsOf({ EncryptionContextEquals: {}, EncryptionContextSubset: { a: "b" } }), "ValidationException", /^More than one constraint supplied$/);
    rejects(() => constraintsOf({ EncryptionContextSubset: Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, "v"])) }), "ValidationException");
    rejects(() => constraintsOf({ EncryptionContextEquals: { a: "x".repeat(385) } }), "ValidationException");
    assert.deepEqual(constraintsOf({ EncryptionContextEquals: { a: "x".repeat(384) } }), { encryptionContextEquals: { a: "x".repeat(384) } });
    assert.equal(constraintsOf(undefined), undefined);
  });

  test("operations: deduplicated; not CreateGrant alone; constraints only with encryption-context operations", () => {
    assert.deepEqual(grantOperations(["Decrypt", "Decrypt", "DescribeKey"], undefined), ["Decrypt", "DescribeKey"]);
    rejects(() => grantOperations(["CreateGrant", "CreateGrant"], undefined), "ValidationException", /^Grants must not contain only the CreateGrant operation\.$/);
    rejects(() => grantOperations(["Sign", "Decrypt"], { encryptionContextSubset: { a: "b" } }), "ValidationException", /Sign/);
    assert.deepEqual(grantOperations(["Decrypt", "RetireGrant", "CreateGrant"], { encryptionContextSubset: { a: "b" } }), ["Decrypt", "RetireGrant", "CreateGrant"]);
  });
});

describe("grant tokens", () => {
  const random = (n: number) => Buffer.alloc(n, 7);
  test("a token names its key and grant, and each issue differs", () => {
    let counter = 0;
    const counting = (n: number) => Buffer.alloc(n, ++counter);
    const claims = { keyArn: KEY_ARN, grantId: "0123456789abcdef".repeat(4) };
    const first = issueGrantToken(claims, counting);
    const second = issueGrantToken(claims, counting);
    assert.notEqual(first, second);
    assert.deepEqual(parseGrantToken(first), claims);
    assert.deepEqual(parseGrantToken(second), claims);
    assert.match(first, /^[A-Za-z0-9_-]+$/);
  });

  test("anything Strongbox did not issue is InvalidGrantTokenException", () => {
    const token = issueGrantToken({ keyArn: KEY_ARN, grantId: "f".repeat(64) }, random);
    const bytes = Buffer.from(token, "base64url");
    const variants = [
      "not-a-token",
      "AQ",
      token + "=",
      Buffer.concat([Buffer.from([2]), bytes.subarray(1)]).toString("base64url"),
      Buffer.concat([bytes.subarray(0, 49), Buffer.from("alias/x")]).toString("base64url"),
      "A".repeat(8193),
    ];
    for (const bad of variants) {
      assert.equal(parseGrantToken(bad), undefined, bad.slice(0, 40));
      rejects(() => requireGrantTokensValid([token, bad]), "InvalidGrantTokenException");
    }
    requireGrantTokensValid([token, token]);
    requireGrantTokensValid(undefined);
    rejects(() => requireGrantTokensValid(Array(11).fill(token)), "InvalidGrantTokenException");
  });
});
