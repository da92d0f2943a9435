import assert from "node:assert/strict";
import { test } from "node:test";
import { conditionContext, type ContextValue } from "./context.js";
import { parsePolicy, type PolicyKind } from "./document.js";
import { evaluatePolicy, type PolicyEvaluation } from "./evaluate.js";
import type { PrincipalFacts } from "./principal.js";

const ACCT = "111122223333";
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const root: PrincipalFacts = { arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, type: "Root" };
const alice: PrincipalFacts = { arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, type: "User" };
const bob: PrincipalFacts = { arn: `arn:aws:iam::${ACCT}:user/bob`, accountId: ACCT, type: "User" };
const session: PrincipalFacts = { arn: `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci`, accountId: ACCT, type: "AssumedRole", roleArn: `arn:aws:iam::${ACCT}:role/Deploy` };
const stranger: PrincipalFacts = { arn: "arn:aws:iam::444455556666:user/alice", accountId: "444455556666", type: "User" };

function evaluate(
  kind: PolicyKind,
  policy: unknown,
  principal: PrincipalFacts,
  action = "kms:Decrypt",
  resource = KEY,
  context: Readonly<Record<string, ContextValue>> = {},
): PolicyEvaluation {
  const parsed = parsePolicy(typeof policy === "string" ? policy : JSON.stringify(policy), kind);
  return evaluatePolicy(parsed, kind, { principal, action, resource, context: conditionContext(context) });
}

/** The matches as "Allow:<index>:<via>" / "Deny:<index>:<via>" strings, for exact comparison. */
function decision(e: PolicyEvaluation): string[] {
  return [...e.denies.map((m) => `Deny:${m.statement.index}:${m.via}`), ...e.allows.map((m) => `Allow:${m.statement.index}:${m.via}`)];
}

const keyPolicy = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const allowAll = (principal: unknown, extra: object = {}) => ({ Effect: "Allow", Principal: principal, Action: "kms:*", Resource: "*", ...extra });

test("the default key policy delegates to the account: every account principal via account, nobody else", () => {
  const p = keyPolicy(allowAll({ AWS: `arn:aws:iam::${ACCT}:root` }));
  assert.deepEqual(decision(evaluate("key", p, root)), ["Allow:0:account"]);
  assert.deepEqual(decision(evaluate("key", p, alice)), ["Allow:0:account"]);
  assert.deepEqual(decision(evaluate("key", p, session)), ["Allow:0:account"]);
  assert.deepEqual(decision(evaluate("key", p, stranger)), []);
});

test("allows and denies are reported separately, with each statement", () => {
  const p = keyPolicy(
    allowAll({ AWS: ACCT }),
    { Sid: "UsersDecrypt", Effect: "Allow", Principal: { AWS: [alice.arn, bob.arn] }, Action: ["kms:Decrypt", "kms:Encrypt"], Resource: "*" },
    { Sid: "NoDecryptForBob", Effect: "Deny", Principal: { AWS: bob.arn }, Action: "kms:Decrypt", Resource: "*" },
  );
  assert.deepEqual(decision(evaluate("key", p, alice)), ["Allow:0:account", "Allow:1:principal"]);
  assert.deepEqual(decision(evaluate("key", p, bob)), ["Deny:2:principal", "Allow:0:account", "Allow:1:principal"]);
  assert.deepEqual(decision(evaluate("key", p, bob, "kms:Encrypt")), ["Allow:0:account", "Allow:1:principal"]);
  assert.equal(evaluate("key", p, bob).denies[0]!.statement.sid, "NoDecryptForBob");
});

test("actions match case-insensitively with wildcards; NotAction inverts", () => {
  const p = keyPolicy(
    { Effect: "Allow", Principal: "*", Action: ["KMS:decrypt", "kms:Describe*", "kms:Re?ncrypt*"], Resource: "*" },
    { Effect: "Deny", Principal: "*", NotAction: ["kms:Describe*", "kms:List*"], Resource: "*" },
  );
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt")), ["Deny:1:principal", "Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:DescribeKey")), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:ListAliases")), []);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:ReEncryptFrom")), ["Deny:1:principal", "Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Encrypt")), ["Deny:1:principal"]);
});

test("resources match case-sensitively, component by component; NotResource inverts", () => {
  const other = `arn:aws:kms:eu-west-1:${ACCT}:key/ffff`;
  const p = keyPolicy(
    { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: `arn:aws:kms:us-east-1:${ACCT}:key/*` },
    { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: `arn:aws:kms:*:${ACCT}:key/FFFF` },
    { Effect: "Deny", Principal: "*", Action: "kms:*", NotResource: [`arn:aws:kms:us-east-1:${ACCT}:key/*`, "arn:aws:kms:*:444455556666:*"] },
    { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: `arn:aws:kms:*:key/*` },
  );
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY)), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", other)), ["Deny:2:principal"], "key/FFFF ≠ key/ffff; * does not span components");
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", "arn:aws:kms:eu-west-1:444455556666:key/1")), []);
});

test("a Resource with fewer than six components lets its last one match the rest", () => {
  const p = keyPolicy({ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: ["arn:aws:kms:*"] });
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY)), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", "arn:aws:s3:::bucket")), []);
});

test("policy variables in Resource (2012-10-17), literal in 2008-10-17", () => {
  const statement = { Effect: "Allow", Action: "iam:*AccessKey*", Resource: `arn:aws:iam::${ACCT}:user/\${aws:username}` };
  const ctx = { "aws:username": "alice" };
  const p2012 = { Version: "2012-10-17", Statement: statement };
  assert.deepEqual(decision(evaluate("identity", p2012, alice, "iam:CreateAccessKey", alice.arn, ctx)), ["Allow:0:identity"]);
  assert.deepEqual(decision(evaluate("identity", p2012, alice, "iam:CreateAccessKey", bob.arn, ctx)), []);
  assert.deepEqual(decision(evaluate("identity", p2012, root, "iam:CreateAccessKey", `arn:aws:iam::${ACCT}:user/`, {})), [], "no aws:username: the resource matches nothing");
  const p2008 = { Statement: statement };
  assert.deepEqual(decision(evaluate("identity", p2008, alice, "iam:CreateAccessKey", alice.arn, ctx)), []);
  assert.deepEqual(decision(evaluate("identity", p2008, alice, "iam:CreateAccessKey", `arn:aws:iam::${ACCT}:user/\${aws:username}`, ctx)), ["Allow:0:identity"]);
  const withDefault = { Version: "2012-10-17", Statement: { ...statement, Resource: `arn:aws:iam::${ACCT}:user/\${aws:username, 'nobody'}` } };
  assert.deepEqual(decision(evaluate("identity", withDefault, root, "iam:ListAccessKeys", `arn:aws:iam::${ACCT}:user/nobody`, {})), ["Allow:0:identity"]);
});

test("an unresolvable variable under NotResource excludes nothing", () => {
  const p = { Version: "2012-10-17", Statement: { Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::home/${aws:username}/*" } };
  assert.deepEqual(decision(evaluate("identity", p, alice, "s3:GetObject", "arn:aws:s3:::home/alice/x", { "aws:username": "alice" })), []);
  assert.deepEqual(decision(evaluate("identity", p, alice, "s3:GetObject", "arn:aws:s3:::home/bob/x", { "aws:username": "alice" })), ["Deny:0:identity"]);
  assert.deepEqual(decision(evaluate("identity", p, root, "s3:GetObject", "arn:aws:s3:::home/alice/x", {})), ["Deny:0:identity"]);
});

test("conditions decide whether a statement applies", () => {
  const p = keyPolicy(
    allowAll({ AWS: ACCT }),
    { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    allowAll({ AWS: alice.arn }, { Condition: { StringEquals: { "kms:EncryptionContext:tenant": "${aws:username}" }, IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }),
  );
  const good = { "aws:SecureTransport": true, "kms:EncryptionContext:tenant": "alice", "aws:SourceIp": "10.1.2.3", "aws:username": "alice" };
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY, good)), ["Allow:0:account", "Allow:2:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY, { ...good, "aws:SecureTransport": false })), ["Deny:1:principal", "Allow:0:account", "Allow:2:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY, { ...good, "kms:EncryptionContext:tenant": "bob" })), ["Allow:0:account"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY, { ...good, "aws:SourceIp": "::ffff:10.9.9.9" })), ["Allow:0:account", "Allow:2:principal"]);
  assert.deepEqual(decision(evaluate("key", p, alice, "kms:Decrypt", KEY, { ...good, "aws:SourceIp": "192.168.0.1" })), ["Allow:0:account"]);
});

test("role sessions: by role ARN, by session ARN, or via the account", () => {
  const p = keyPolicy(allowAll({ AWS: session.roleArn }), allowAll({ AWS: `arn:aws:sts::${ACCT}:assumed-role/Deploy/other` }), allowAll({ AWS: ACCT }));
  assert.deepEqual(decision(evaluate("key", p, session)), ["Allow:0:principal", "Allow:2:account"]);
  const other: PrincipalFacts = { ...session, arn: `arn:aws:sts::${ACCT}:assumed-role/Deploy/other` };
  assert.deepEqual(decision(evaluate("key", p, other)), ["Allow:0:principal", "Allow:1:principal", "Allow:2:account"]);
});

test("NotPrincipal with Deny denies everyone not fully listed", () => {
  const p = keyPolicy(allowAll("*"), {
    Effect: "Deny",
    NotPrincipal: { AWS: [ACCT, alice.arn, session.roleArn, session.arn] },
    Action: "kms:*",
    Resource: "*",
  });
  assert.deepEqual(decision(evaluate("key", p, alice)), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, session)), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, root)), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, bob)), ["Deny:1:principal", "Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("key", p, stranger)), ["Deny:1:principal", "Allow:0:principal"]);
});

test("identity policies apply to their caller, via identity", () => {
  const p = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }, { Effect: "Deny", Action: "kms:ScheduleKeyDeletion", Resource: "*" }] };
  assert.deepEqual(decision(evaluate("identity", p, alice, "kms:Decrypt")), ["Allow:0:identity"]);
  assert.deepEqual(decision(evaluate("identity", p, alice, "kms:ScheduleKeyDeletion")), ["Deny:1:identity", "Allow:0:identity"]);
});

test("trust policies: who may assume the role; no Resource means any", () => {
  const p = { Version: "2012-10-17", Statement: { Effect: "Allow", Principal: { AWS: [alice.arn] }, Action: "sts:AssumeRole", Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } } };
  const roleArn = `arn:aws:iam::${ACCT}:role/Admin`;
  assert.deepEqual(decision(evaluate("trust", p, alice, "sts:AssumeRole", roleArn, { "aws:MultiFactorAuthPresent": true })), ["Allow:0:principal"]);
  assert.deepEqual(decision(evaluate("trust", p, alice, "sts:AssumeRole", roleArn, {})), []);
  assert.deepEqual(decision(evaluate("trust", p, bob, "sts:AssumeRole", roleArn, { "aws:MultiFactorAuthPresent": true })), []);
  assert.deepEqual(decision(evaluate("trust", p, alice, "sts:TagSession", roleArn, { "aws:MultiFactorAuthPresent": true })), []);
});

test("a policy is evaluated only as the kind it was validated for", () => {
  const parsed = parsePolicy(JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "kms:*", Resource: "*" } }), "identity");
  assert.throws(() => evaluatePolicy(parsed, "key", { principal: alice, action: "kms:Decrypt", resource: KEY, context: conditionContext({}) }), /identity policy was evaluated as a key policy/);
});

test("conditionKeysOf lists the condition keys a policy reads, however they are spelled", async () => {
  const { conditionKeysOf } = await import("./inspect.js");
  const policy = parsePolicy(
    // The JSON text spells the key with an escape, as a policy author's tool might.
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "kms:*", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/x" }, Bool: { "aws:SecureTransport": "false" } } }] }).replace("ResourceAliases", "Resource\\u0041liases"),
    "identity",
  );
  assert.deepEqual([...conditionKeysOf(policy)].sort(), ["aws:securetransport", "kms:resourcealiases"]);
});

test("an Allow whose policy variable cannot be resolved does not apply, however it is negated", () => {
  const user = `arn:aws:iam::${ACCT}:user/`;
  const notMine = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:*", NotResource: `${user}\${aws:username}` }] };
  // A role session has no aws:username: the statement would otherwise allow every user but "".
  assert.deepEqual(decision(evaluate("identity", notMine, session, "iam:DeleteUser", `${user}bob`, {})), []);
  assert.deepEqual(decision(evaluate("identity", notMine, alice, "iam:DeleteUser", `${user}bob`, { "aws:username": "alice" })), ["Allow:0:identity"]);
  assert.deepEqual(decision(evaluate("identity", notMine, alice, "iam:DeleteUser", `${user}alice`, { "aws:username": "alice" })), []);
  const negated = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*", Condition: { StringNotEquals: { "aws:ResourceTag/owner": "${aws:username}" } } }] };
  assert.deepEqual(decision(evaluate("identity", negated, session, "kms:Decrypt", KEY, { "aws:ResourceTag/owner": "carol" })), []);
  const withDefault = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/owner": "${aws:username, 'nobody'}" } } }] };
  assert.deepEqual(decision(evaluate("identity", withDefault, session, "kms:Decrypt", KEY, { "aws:ResourceTag/owner": "nobody" })), ["Allow:0:identity"]);
  // A Deny keeps reading the unresolved value as matching nothing: under negation it still denies.
  const denyNotMine = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "kms:*", Resource: "*", Condition: { StringNotEquals: { "aws:ResourceTag/owner": "${aws:username}" } } }] };
  assert.deepEqual(decision(evaluate("identity", denyNotMine, session, "kms:Decrypt", KEY, { "aws:ResourceTag/owner": "carol" })), ["Deny:0:identity"]);
});

test("a pinned principal matches only while it keeps the unique id it had when the policy was written", () => {
  const p = keyPolicy(allowAll({ AWS: [alice.arn, session.roleArn] }));
  const parsed = parsePolicy(JSON.stringify(p), "key");
  const pins = new Map([
    [alice.arn, "AIDAORIGINALALICE0001"],
    [session.roleArn!, "AROAORIGINALDEPLOY001"],
  ]);
  const run = (principal: PrincipalFacts) =>
    decision(evaluatePolicy(parsed, "key", { principal, action: "kms:Decrypt", resource: KEY, context: conditionContext({}), principalPins: pins }));
  assert.deepEqual(run({ ...alice, uniqueId: "AIDAORIGINALALICE0001" }), ["Allow:0:principal"]);
  assert.deepEqual(run({ ...alice, uniqueId: "AIDARECREATEDALICE001" }), [], "alice deleted and created again is another principal");
  assert.deepEqual(run({ ...session, uniqueId: "AROAORIGINALDEPLOY001" }), ["Allow:0:principal"]);
  assert.deepEqual(run({ ...session, uniqueId: "AROARECREATEDDEPLOY01" }), []);
  // Without pins (a policy written before pinning) the ARN alone decides.
  assert.deepEqual(decision(evaluate("key", p, { ...alice, uniqueId: "AIDAANY" })), ["Allow:0:principal"]);
  // NotPrincipal in a Deny: a recreated principal is not the one exempted, so the Deny applies to it.
  const deny = parsePolicy(JSON.stringify(keyPolicy({ Effect: "Deny", NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCT}:root`] }, Action: "kms:*", Resource: "*" })), "key");
  const denyRun = (uniqueId: string) => decision(evaluatePolicy(deny, "key", { principal: { ...alice, uniqueId }, action: "kms:Decrypt", resource: KEY, context: conditionContext({}), principalPins: pins }));
  assert.deepEqual(denyRun("AIDAORIGINALALICE0001"), []);
  assert.deepEqual(denyRun("AIDARECREATEDALICE001"), ["Deny:0:principal"]);
});
