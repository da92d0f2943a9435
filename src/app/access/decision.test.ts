import assert from "node:assert/strict";
import { test } from "node:test";
import { conditionContext, parsePolicy, type AccessRequest, type PrincipalFacts } from "../../core/policy/index.js";
import { decide, denialReason, type DecisionInputs } from "./decision.js";

const A = "111122223333";
const B = "444455556666";
const alice: PrincipalFacts = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: "User" };
const rootA: PrincipalFacts = { arn: `arn:aws:iam::${A}:root`, accountId: A, type: "Root" };
const xavier: PrincipalFacts = { arn: `arn:aws:iam::${B}:user/xavier`, accountId: B, type: "User" };
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const keyPolicy = (...statements: object[]) => ({ label: "the key policy", kind: "key" as const, policy: parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements }), "key") });
const identity = (label: string, ...statements: object[]) => ({ label, policy: parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements }), "identity") });
const request = (principal: PrincipalFacts, action = "kms:Decrypt"): AccessRequest => ({ principal, action, resource: KEY, context: conditionContext({}) });
const delegateTo = (account: string) => ({ Sid: "Delegate", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" });
const allowAll = identity("identity policy all of alice", { Effect: "Allow", Action: "kms:*", Resource: "*" });

const run = (inputs: Partial<DecisionInputs> & Pick<DecisionInputs, "request">) => decide({ resourceAccountId: A, identityPolicies: [], ...inputs });

test("the account root is allowed what its account's key policy delegates, without identity policies", () => {
  const d = run({ request: request(rootA), resourcePolicy: keyPolicy(delegateTo(A)), identityPolicies: "account-root" });
  assert.deepEqual([d.allowed, d.reason, d.decidedBy], [true, "allowed-by-resource-policy", 'the key policy: statement "Delegate"']);
});

test("delegation to the account needs an identity policy for a user", () => {
  const without = run({ request: request(alice), resourcePolicy: keyPolicy(delegateTo(A)) });
  assert.deepEqual([without.allowed, without.reason], [false, "no-identity-policy-allows"]);
  const withPolicy = run({ request: request(alice), resourcePolicy: keyPolicy(delegateTo(A)), identityPolicies: [allowAll] });
  assert.deepEqual([withPolicy.allowed, withPolicy.reason, withPolicy.decidedBy], [true, "allowed-by-identity-policy", "identity policy all of alice: Statement[0]"]);
});

test("a key policy that names the user allows it with no identity policy", () => {
  const d = run({ request: request(alice), resourcePolicy: keyPolicy({ Sid: "Alice", Effect: "Allow", Principal: { AWS: alice.arn }, Action: "kms:Decrypt", Resource: "*" }) });
  assert.deepEqual([d.allowed, d.reason], [true, "allowed-by-resource-policy"]);
});

test("an identity policy alone does not open a key whose policy leaves the account out", () => {
  const d = run({ request: request(alice), resourcePolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: "kms:*", Resource: "*" }), identityPolicies: [allowAll] });
  assert.deepEqual([d.allowed, d.reason], [false, "no-resource-policy-allows"]);
  assert.equal(d.explanation, `No statement of the key policy allows kms:Decrypt to ${alice.arn}, either by name or through its account ${A}; without one not even the account root is let in.`);
  assert.equal(denialReason(d, "kms:Decrypt"), "because no resource-based policy allows the kms:Decrypt action");
});

test("an explicit deny wins over every allow, in either kind of policy", () => {
  const keyDeny = run({
    request: request(alice),
    resourcePolicy: keyPolicy(delegateTo(A), { Sid: "NoAlice", Effect: "Deny", Principal: { AWS: alice.arn }, Action: "kms:Decrypt", Resource: "*" }),
    identityPolicies: [allowAll],
  });
  assert.deepEqual([keyDeny.allowed, keyDeny.reason, keyDeny.decidedBy], [false, "explicit-deny-in-resource-policy", 'the key policy: statement "NoAlice"']);
  const identityDeny = run({
    request: request(alice),
    resourcePolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "kms:*", Resource: "*" }),
    identityPolicies: [identity("identity policy deny", { Effect: "Deny", Action: "kms:Decrypt", Resource: "*" })],
  });
  assert.deepEqual([identityDeny.allowed, identityDeny.reason], [false, "explicit-deny-in-identity-policy"]);
  assert.equal(denialReason(identityDeny, "kms:Decrypt"), "with an explicit deny in an identity-based policy");
});

test("another account's user needs the key policy and its own identity policy", () => {
  const keyOnly = run({ request: request(xavier), resourcePolicy: keyPolicy(delegateTo(B)) });
  assert.deepEqual([keyOnly.allowed, keyOnly.reason], [false, "no-identity-policy-allows"]);
  const named = run({ request: request(xavier), resourcePolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: xavier.arn }, Action: "kms:*", Resource: "*" }) });
  assert.deepEqual([named.allowed, named.reason], [false, "no-identity-policy-allows"]);
  const both = run({ request: request(xavier), resourcePolicy: keyPolicy(delegateTo(B)), identityPolicies: [allowAll] });
  assert.equal(both.allowed, true);
  const otherAccountOnly = run({ request: request(xavier), resourcePolicy: keyPolicy(delegateTo(A)), identityPolicies: [allowAll] });
  assert.deepEqual([otherAccountOnly.allowed, otherAccountOnly.reason], [false, "no-resource-policy-allows"]);
});

test("actions on no resource policy are decided by same-account identity policies", () => {
  assert.equal(run({ request: request(alice, "kms:ListKeys"), identityPolicies: [allowAll] }).allowed, true);
  assert.equal(run({ request: request(alice, "kms:ListKeys") }).reason, "no-identity-policy-allows");
  assert.equal(run({ request: request(rootA, "kms:ListKeys"), identityPolicies: "account-root" }).reason, "allowed-as-account-root");
  assert.equal(run({ request: request(xavier, "kms:ListKeys"), identityPolicies: [allowAll] }).reason, "cross-account-without-resource-policy");
});
