import assert from "node:assert/strict";
import { test } from "node:test";
import { PolicySyntaxError } from "./errors.js";
import { parseJson } from "./json.js";
import { exemptedByNotPrincipal, INVALID_PRINCIPALS, matchPrincipal, parsePrincipal, type PrincipalFacts } from "./principal.js";

const ACCT = "111122223333";
const root: PrincipalFacts = { arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, type: "Root" };
const alice: PrincipalFacts = { arn: `arn:aws:iam::${ACCT}:user/eng/alice`, accountId: ACCT, type: "User" };
const session: PrincipalFacts = { arn: `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci-42`, accountId: ACCT, type: "AssumedRole", roleArn: `arn:aws:iam::${ACCT}:role/ops/Deploy` };
const stranger: PrincipalFacts = { arn: "arn:aws:iam::444455556666:user/alice", accountId: "444455556666", type: "User" };
const kmsService: PrincipalFacts = { arn: "kms.amazonaws.com", accountId: ACCT, type: "Root" };

const entries = (principal: unknown) => parsePrincipal(parseJson(JSON.stringify(principal)), "Statement[0]");
const via = (principal: unknown, who: PrincipalFacts) => matchPrincipal(entries(principal), who);

test('"*" and {"AWS": "*"} match anyone, directly', () => {
  for (const p of ["*", { AWS: "*" }]) for (const who of [root, alice, session, stranger, kmsService]) assert.equal(via(p, who), "principal");
});

test("an account id or root ARN matches every principal of that account, via the account", () => {
  for (const p of [{ AWS: ACCT }, { AWS: `arn:aws:iam::${ACCT}:root` }]) {
    assert.equal(via(p, root), "account");
    assert.equal(via(p, alice), "account");
    assert.equal(via(p, session), "account");
    assert.equal(via(p, stranger), undefined);
  }
  assert.equal(via({ AWS: `arn:aws-cn:iam::${ACCT}:root` }, alice), undefined, "another partition's account");
});

test("a user ARN matches that user only, case included", () => {
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:user/eng/alice` }, alice), "principal");
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:user/alice` }, alice), undefined, "the path is part of the ARN");
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:user/eng/Alice` }, alice), undefined);
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:user/eng/alice` }, root), undefined);
  const pathy: PrincipalFacts = { ...alice, arn: `arn:aws:iam::${ACCT}:user/a!b/c~d/alice` };
  assert.equal(via({ AWS: pathy.arn }, pathy), "principal", "IAM paths may hold printable ASCII");
});

test("a role ARN matches every session of that role; a session ARN that session only", () => {
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:role/ops/Deploy` }, session), "principal");
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:role/ops/Other` }, session), undefined);
  assert.equal(via({ AWS: `arn:aws:iam::${ACCT}:role/ops/Deploy` }, alice), undefined);
  assert.equal(via({ AWS: `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci-42` }, session), "principal");
  assert.equal(via({ AWS: `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci-43` }, session), undefined);
});

test("a direct match wins over an account match in the same element", () => {
  assert.equal(via({ AWS: [ACCT, `arn:aws:iam::${ACCT}:user/eng/alice`] }, alice), "principal");
  assert.equal(via({ AWS: [ACCT, `arn:aws:iam::${ACCT}:user/eng/bob`] }, alice), "account");
});

test("service principals match a request made by that service only", () => {
  assert.equal(via({ Service: "kms.amazonaws.com" }, kmsService), "principal");
  assert.equal(via({ Service: ["logs.amazonaws.com", "kms.amazonaws.com"] }, kmsService), "principal");
  assert.equal(via({ Service: "kms.amazonaws.com" }, alice), undefined);
  assert.equal(via({ Federated: "cognito-identity.amazonaws.com" }, alice), undefined);
  assert.equal(via({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }, alice), undefined);
});

test("NotPrincipal exempts the caller only when every identity it carries is listed", () => {
  const exempt = (p: unknown, who: PrincipalFacts) => exemptedByNotPrincipal(entries(p), who);
  assert.equal(exempt({ AWS: `arn:aws:iam::${ACCT}:root` }, root), true);
  assert.equal(exempt({ AWS: ACCT }, alice), false, "listing the account does not exempt its users");
  assert.equal(exempt({ AWS: `arn:aws:iam::${ACCT}:user/eng/alice` }, alice), false, "the account must be listed too");
  assert.equal(exempt({ AWS: [ACCT, `arn:aws:iam::${ACCT}:user/eng/alice`] }, alice), true);
  assert.equal(exempt({ AWS: [ACCT, `arn:aws:iam::${ACCT}:user/eng/alice`] }, stranger), false);
  const roleAndAccount = [ACCT, `arn:aws:iam::${ACCT}:role/ops/Deploy`];
  assert.equal(exempt({ AWS: roleAndAccount }, session), false, "the session itself must be listed");
  assert.equal(exempt({ AWS: [...roleAndAccount, `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci-42`] }, session), true);
  assert.equal(exempt({ AWS: [ACCT, `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci-42`] }, session), false, "the role must be listed");
  assert.equal(exempt({ Service: "kms.amazonaws.com" }, kmsService), true);
  assert.equal(exempt({ Service: "kms.amazonaws.com" }, root), false);
  assert.equal(exempt("*", stranger), true);
});

test("invalid principals are refused with KMS's message", () => {
  const bad: unknown[] = [
    "arn:aws:iam::111122223333:root",
    { AWS: "11112222333" },
    { AWS: "arn:aws:iam::111122223333:user/*" },
    { AWS: "arn:aws:iam::111122223333:user/dev*/alice" },
    { AWS: "arn:aws:iam::111122223333:role/a?/r" },
    { AWS: "arn:aws:iam::*:root" },
    { AWS: "arn:aws:iam::111122223333:group/admins" },
    { AWS: "arn:aws:sts::111122223333:assumed-role/OnlyRole" },
    { AWS: "arn:aws:kms:us-east-1:111122223333:key/x" },
    { AWS: "alice" },
    { AWS: [] },
    { AWS: [123] },
    { AWS: { nested: "x" } },
    { Service: "*" },
    { Service: "KMS.amazonaws.com" },
    { CanonicalUser: "abc" },
    { Federated: "*" },
    { Group: "x" },
    {},
    ["*"],
  ];
  for (const p of bad) {
    assert.throws(
      () => entries(p),
      (e: unknown) => e instanceof PolicySyntaxError && e.message.startsWith(INVALID_PRINCIPALS) && e.message.includes("Statement[0]"),
      JSON.stringify(p),
    );
  }
});
