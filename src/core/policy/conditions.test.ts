import assert from "node:assert/strict";
import { test } from "node:test";
import { conditionsHold, parseConditions } from "./conditions.js";
import { conditionContext, type ContextValue } from "./context.js";
import { PolicySyntaxError } from "./errors.js";
import { parseJson } from "./json.js";

/** Whether a Condition element holds for the given request keys (policy language 2012-10-17). */
function holds(condition: unknown, entries: Readonly<Record<string, ContextValue>> = {}, variables = true): boolean {
  const clauses = parseConditions(parseJson(JSON.stringify(condition)), "Statement[0]", variables);
  return conditionsHold(clauses, conditionContext(entries));
}

function rejects(condition: unknown, message: RegExp): void {
  assert.throws(() => parseConditions(parseJson(JSON.stringify(condition)), 'statement "S1"', true), (e: unknown) => e instanceof PolicySyntaxError && message.test(e.message) && e.message.includes('statement "S1"'));
}

test("StringEquals / StringNotEquals: exact, case-sensitive; listed values OR (NOR when negated)", () => {
  const c = { StringEquals: { "kms:EncryptionContext:Dept": ["IT", "HR"] } };
  assert.equal(holds(c, { "kms:EncryptionContext:Dept": "HR" }), true);
  assert.equal(holds(c, { "kms:EncryptionContext:Dept": "hr" }), false);
  assert.equal(holds(c, { "kms:EncryptionContext:Dept": "Sales" }), false);
  assert.equal(holds(c, {}), false, "absent key: a positive operator is false");
  assert.equal(holds({ StringEquals: { "x:k": "a*" } }, { "x:k": "abc" }), false, "* is literal in StringEquals");
  assert.equal(holds({ StringEquals: { "x:k": "a*" } }, { "x:k": "a*" }), true);
  const n = { StringNotEquals: { "kms:EncryptionContext:Dept": ["IT", "HR"] } };
  assert.equal(holds(n, { "kms:EncryptionContext:Dept": "HR" }), false);
  assert.equal(holds(n, { "kms:EncryptionContext:Dept": "Sales" }), true);
  assert.equal(holds(n, {}), true, "absent key: a negated operator is true");
});

test("StringEqualsIgnoreCase / StringNotEqualsIgnoreCase", () => {
  assert.equal(holds({ StringEqualsIgnoreCase: { "x:k": "Hello" } }, { "x:k": "hELLO" }), true);
  assert.equal(holds({ StringEqualsIgnoreCase: { "x:k": "Hello" } }, { "x:k": "hELLO!" }), false);
  assert.equal(holds({ StringNotEqualsIgnoreCase: { "x:k": "Hello" } }, { "x:k": "HELLO" }), false);
  assert.equal(holds({ StringNotEqualsIgnoreCase: { "x:k": "Hello" } }, { "x:k": "Bye" }), true);
});

test("StringLike / StringNotLike: wildcards", () => {
  assert.equal(holds({ StringLike: { "s3:prefix": ["home/*", "shared/?"] } }, { "s3:prefix": "home/alice/x" }), true);
  assert.equal(holds({ StringLike: { "s3:prefix": ["home/*", "shared/?"] } }, { "s3:prefix": "shared/ab" }), false);
  assert.equal(holds({ StringLike: { "s3:prefix": "Home/*" } }, { "s3:prefix": "home/a" }), false, "case-sensitive");
  assert.equal(holds({ StringNotLike: { "s3:prefix": "tmp/*" } }, { "s3:prefix": "tmp/x" }), false);
  assert.equal(holds({ StringNotLike: { "s3:prefix": "tmp/*" } }, { "s3:prefix": "home/x" }), true);
  assert.equal(holds({ StringNotLike: { "s3:prefix": "tmp/*" } }, {}), true);
});

test("ArnEquals / ArnLike compare the six ARN components one by one", () => {
  const c = { ArnLike: { "aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*" } };
  assert.equal(holds(c, { "aws:SourceArn": "arn:aws:someservice:us-east-2:111122223333:finance/doc.txt" }), true);
  // The IAM guide's example: StringLike matches this value, ArnLike does not.
  const tricky = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
  assert.equal(holds(c, { "aws:SourceArn": tricky }), false);
  assert.equal(holds({ StringLike: { "aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*" } }, { "aws:SourceArn": tricky }), true);
  assert.equal(holds({ ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic" } }, { "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic" }), true);
  assert.equal(holds({ ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic" } }, { "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:Topic" }), false);
  assert.equal(holds({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin-*" } }, { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin-ops" }), true);
  assert.equal(holds({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin-*" } }, { "aws:PrincipalArn": "not-an-arn" }), false);
  assert.equal(holds({ ArnLike: { "aws:PrincipalArn": "*" } }, { "aws:PrincipalArn": "arn:aws:iam::111122223333:root" }), true);
});

test("ArnNotEquals / ArnNotLike", () => {
  const c = { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/breakglass" } };
  assert.equal(holds(c, { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/breakglass" }), false);
  assert.equal(holds(c, { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/other" }), true);
  assert.equal(holds(c, {}), true);
  assert.equal(holds({ ArnNotEquals: { "aws:SourceArn": "arn:aws:s3:::b" } }, { "aws:SourceArn": "arn:aws:s3:::b" }), false);
});

test("Numeric operators compare decimals", () => {
  const k = "kms:GrantCount";
  const cases: [string, string, string, boolean][] = [
    ["NumericEquals", "10", "10.0", true],
    ["NumericEquals", "10", "11", false],
    ["NumericNotEquals", "10", "11", true],
    ["NumericNotEquals", "10", "10", false],
    ["NumericLessThan", "10", "9.99", true],
    ["NumericLessThan", "10", "10", false],
    ["NumericLessThanEquals", "10", "10", true],
    ["NumericLessThanEquals", "10", "10.01", false],
    ["NumericGreaterThan", "10", "10.5", true],
    ["NumericGreaterThan", "10", "-20", false],
    ["NumericGreaterThanEquals", "-1.5", "-1.5", true],
    ["NumericGreaterThanEquals", "-1.5", "-2", false],
  ];
  for (const [op, policy, request, expected] of cases) assert.equal(holds({ [op]: { [k]: policy } }, { [k]: request }), expected, `${op} ${policy} vs ${request}`);
  assert.equal(holds({ NumericLessThanEquals: { "s3:max-keys": 10 } }, { "s3:max-keys": 10 }), true, "a JSON number in the policy");
  assert.equal(holds({ NumericEquals: { [k]: "1" } }, { [k]: "one" }), false, "an unreadable request value matches nothing");
  assert.equal(holds({ NumericEquals: { [k]: "1" } }, {}), false);
});

test("Date operators compare instants, ISO 8601 or epoch seconds", () => {
  const k = "aws:CurrentTime";
  const at = new Date("2024-06-01T12:00:00Z");
  const cases: [string, string, boolean][] = [
    ["DateEquals", "2024-06-01T12:00:00Z", true],
    ["DateEquals", "2024-06-01T14:00:00+02:00", true],
    ["DateEquals", "2024-06-01T12:00:01Z", false],
    ["DateNotEquals", "2024-06-01T12:00:01Z", true],
    ["DateNotEquals", "2024-06-01T12:00:00Z", false],
    ["DateLessThan", "2024-06-02", true],
    ["DateLessThan", "2024-06-01T12:00:00Z", false],
    ["DateLessThanEquals", "2024-06-01T12:00:00Z", true],
    ["DateLessThanEquals", "2024-06-01", false],
    ["DateGreaterThan", "1717243199", true],
    ["DateGreaterThan", "1717243200", false],
    ["DateGreaterThanEquals", "1717243200", true],
    ["DateGreaterThanEquals", "2025-01-01T00:00:00Z", false],
  ];
  for (const [op, policy, expected] of cases) assert.equal(holds({ [op]: { [k]: policy } }, { [k]: at }), expected, `${op} ${policy}`);
  assert.equal(holds({ DateLessThan: { "aws:EpochTime": "2024-06-02T00:00:00Z" } }, { "aws:EpochTime": 1717243200 }), true, "epoch request value");
});

test("Bool", () => {
  assert.equal(holds({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": false }), true);
  assert.equal(holds({ Bool: { "aws:SecureTransport": "false" } }, { "aws:SecureTransport": true }), false);
  assert.equal(holds({ Bool: { "aws:SecureTransport": true } }, { "aws:SecureTransport": true }), true, "a JSON boolean in the policy");
  assert.equal(holds({ Bool: { "aws:SecureTransport": "false" } }, {}), false);
  assert.equal(holds({ Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": "yes" }), false);
});

test("BinaryEquals compares bytes", () => {
  assert.equal(holds({ BinaryEquals: { "x:bin": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } }, { "x:bin": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" }), true);
  assert.equal(holds({ BinaryEquals: { "x:bin": "QQ==" } }, { "x:bin": "Qg==" }), false);
  assert.equal(holds({ BinaryEquals: { "x:bin": "QQ==" } }, { "x:bin": "not base64!" }), false);
  assert.equal(holds({ BinaryEquals: { "x:bin": "QQ==" } }, {}), false);
});

test("IpAddress / NotIpAddress, IPv4 and IPv6, IPv4-mapped peers", () => {
  const c = { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"] } };
  assert.equal(holds(c, { "aws:SourceIp": "203.0.113.9" }), true);
  assert.equal(holds(c, { "aws:SourceIp": "2001:db8:1234:5678::42" }), true);
  assert.equal(holds(c, { "aws:SourceIp": "198.51.100.1" }), false);
  assert.equal(holds({ IpAddress: { "aws:SourceIp": "127.0.0.0/8" } }, { "aws:SourceIp": "::ffff:127.0.0.1" }), true);
  assert.equal(holds({ NotIpAddress: { "aws:SourceIp": "127.0.0.0/8" } }, { "aws:SourceIp": "::ffff:127.0.0.1" }), false);
  assert.equal(holds({ NotIpAddress: { "aws:SourceIp": "127.0.0.0/8" } }, { "aws:SourceIp": "10.0.0.1" }), true);
  assert.equal(holds({ NotIpAddress: { "aws:SourceIp": "127.0.0.0/8" } }, {}), true);
  assert.equal(holds({ IpAddress: { "aws:SourceIp": "127.0.0.0/8" } }, { "aws:SourceIp": "garbage" }), false);
});

test("Null: true means the key is absent (an empty set counts as absent), false that it is present", () => {
  assert.equal(holds({ Null: { "aws:TokenIssueTime": "true" } }, {}), true);
  assert.equal(holds({ Null: { "aws:TokenIssueTime": "true" } }, { "aws:TokenIssueTime": new Date(0) }), false);
  assert.equal(holds({ Null: { "aws:TokenIssueTime": "false" } }, { "aws:TokenIssueTime": new Date(0) }), true);
  assert.equal(holds({ Null: { "aws:TokenIssueTime": false } }, {}), false);
  assert.equal(holds({ Null: { "aws:TagKeys": "true" } }, { "aws:TagKeys": [] }), true);
});

test("...IfExists: an absent key satisfies the condition; a present one is tested", () => {
  assert.equal(holds({ StringEqualsIfExists: { "ec2:InstanceType": "t2.micro" } }, {}), true);
  assert.equal(holds({ StringEqualsIfExists: { "ec2:InstanceType": "t2.micro" } }, { "ec2:InstanceType": "m5.large" }), false);
  assert.equal(holds({ StringLikeIfExists: { "ec2:InstanceType": "t2.*" } }, { "ec2:InstanceType": "t2.nano" }), true);
  assert.equal(holds({ StringNotEqualsIfExists: { "x:k": "a" } }, {}), true);
  assert.equal(holds({ StringNotEqualsIfExists: { "x:k": "a" } }, { "x:k": "a" }), false);
  assert.equal(holds({ NumericLessThanIfExists: { "x:n": 5 } }, {}), true);
  assert.equal(holds({ NumericLessThanIfExists: { "x:n": 5 } }, { "x:n": 6 }), false);
  assert.equal(holds({ BoolIfExists: { "aws:MultiFactorAuthPresent": "true" } }, {}), true);
  assert.equal(holds({ IpAddressIfExists: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "11.0.0.1" }), false);
  assert.equal(holds({ DateGreaterThanIfExists: { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" } }, {}), true);
  assert.equal(holds({ ArnLikeIfExists: { "aws:SourceArn": "arn:aws:s3:::b" } }, {}), true);
  assert.equal(holds({ BinaryEqualsIfExists: { "x:b": "QQ==" } }, {}), true);
});

test("ForAnyValue: some request value matches; absent or empty is false", () => {
  const c = { "ForAnyValue:StringLike": { "aws:TagKeys": ["ID", "Post*"] } };
  assert.equal(holds(c, { "aws:TagKeys": ["UserName", "PostDateTime"] }), true);
  assert.equal(holds(c, { "aws:TagKeys": ["UserName", "Message"] }), false);
  assert.equal(holds(c, { "aws:TagKeys": [] }), false);
  assert.equal(holds(c, {}), false);
  assert.equal(holds({ "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": "ID" } }, {}), true);
  // Negated: true when at least one request value matches none of the policy values.
  const n = { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["a", "b"] } };
  assert.equal(holds(n, { "aws:TagKeys": ["a", "z"] }), true);
  assert.equal(holds(n, { "aws:TagKeys": ["a", "b"] }), false);
});

test("ForAllValues: every request value matches; absent or empty is true", () => {
  const c = { "ForAllValues:StringEquals": { "aws:TagKeys": ["PostDateTime", "Message", "Tags"] } };
  assert.equal(holds(c, { "aws:TagKeys": ["PostDateTime", "Message"] }), true);
  assert.equal(holds(c, { "aws:TagKeys": ["PostDateTime", "UserName"] }), false);
  assert.equal(holds(c, { "aws:TagKeys": [] }), true);
  assert.equal(holds(c, {}), true);
  // Negated: true when no request value matches any policy value.
  const n = { "ForAllValues:StringNotLike": { "aws:TagKeys": ["aws:*"] } };
  assert.equal(holds(n, { "aws:TagKeys": ["team", "cost"] }), true);
  assert.equal(holds(n, { "aws:TagKeys": ["team", "aws:secret"] }), false);
  assert.equal(holds({ "ForAllValues:NumericLessThan": { "x:n": 10 } }, { "x:n": ["1", "9"] }), true);
  assert.equal(holds({ "ForAllValues:NumericLessThan": { "x:n": 10 } }, { "x:n": ["1", "19"] }), false);
});

test("without a qualifier a multi-valued key matches when any value does (negated: when none does)", () => {
  assert.equal(holds({ StringEquals: { "x:k": "b" } }, { "x:k": ["a", "b"] }), true);
  assert.equal(holds({ StringNotEquals: { "x:k": "b" } }, { "x:k": ["a", "b"] }), false);
  assert.equal(holds({ StringNotEquals: { "x:k": "c" } }, { "x:k": ["a", "b"] }), true);
});

test("operators AND, keys AND, values OR; key names are case-insensitive, values are not", () => {
  const c = {
    StringEquals: { "aws:PrincipalTag/dept": "eng", "kms:CallerAccount": "111122223333" },
    Bool: { "aws:SecureTransport": "true" },
  };
  const ok = { "aws:principaltag/DEPT": "eng", "KMS:CallerAccount": "111122223333", "aws:SecureTransport": true };
  assert.equal(holds(c, ok), true);
  assert.equal(holds(c, { ...ok, "aws:SecureTransport": false }), false);
  assert.equal(holds(c, { ...ok, "KMS:CallerAccount": "444455556666" }), false);
  assert.equal(holds(c, { ...ok, "aws:principaltag/DEPT": "ENG" }), false);
  assert.equal(holds({}, {}), true, "an empty Condition element holds");
});

test("policy variables in String and Arn condition values", () => {
  const c = { StringLike: { "s3:prefix": ["home/${aws:username}/*"] } };
  assert.equal(holds(c, { "aws:username": "alice", "s3:prefix": "home/alice/docs" }), true);
  assert.equal(holds(c, { "aws:username": "bob", "s3:prefix": "home/alice/docs" }), false);
  assert.equal(holds(c, { "s3:prefix": "home/alice/docs" }), false, "an unresolvable variable matches nothing");
  assert.equal(holds({ StringNotLike: { "s3:prefix": "home/${aws:username}/*" } }, { "s3:prefix": "home/alice/x" }), true, "negated: an unresolvable value is simply not in the set");
  assert.equal(holds({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/${aws:username}" } }, { "aws:username": "alice", "aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice" }), true);
  assert.equal(holds(c, { "aws:username": "alice", "s3:prefix": "home/alice/docs" }, false), false, "2008-10-17: ${...} is literal text");
  assert.equal(holds({ StringEquals: { "x:k": "${aws:username}" } }, { "x:k": "${aws:username}" }, false), true);
});

test("malformed conditions are refused and name the statement", () => {
  rejects("StringEquals", /Condition must be an object/);
  rejects({ StringEqualz: { "x:k": "a" } }, /Invalid condition operator "StringEqualz"/);
  rejects({ "ForSomeValues:StringEquals": { "x:k": "a" } }, /set qualifier/);
  rejects({ NullIfExists: { "x:k": "true" } }, /Null takes neither/);
  rejects({ "ForAnyValue:Null": { "x:k": "true" } }, /Null takes neither/);
  rejects({ Null: { "x:k": "maybe" } }, /not "true" or "false"/);
  rejects({ StringEquals: {} }, /at least one condition key/);
  rejects({ StringEquals: "x:k" }, /at least one condition key/);
  rejects({ StringEquals: { "x:k": [] } }, /empty array/);
  rejects({ StringEquals: { "x:k": null } }, /must be a string, number, boolean/);
  rejects({ StringEquals: { "x:k": [["a"]] } }, /must be a string, number, boolean/);
  rejects({ StringEquals: { nokeyvendor: "a" } }, /prefaced by a vendor/);
  rejects({ NumericEquals: { "x:n": "ten" } }, /not a decimal number/);
  rejects({ DateLessThan: { "x:d": "tomorrow" } }, /not an ISO 8601 date/);
  rejects({ Bool: { "x:b": "yes" } }, /not "true" or "false"/);
  rejects({ BinaryEquals: { "x:b": "***" } }, /not base64/);
  rejects({ IpAddress: { "aws:SourceIp": "10.0.0.0/33" } }, /not an IPv4 or IPv6/);
  rejects({ StringEquals: { "x:k": "${aws:username" } }, /unterminated policy variable/);
  rejects({ StringEquals: { "x:k": "${aws:username, anonymous}" } }, /single quotes/);
  rejects({ StringEquals: { "x:k": "${}" } }, /invalid policy variable/);
  rejects({ NumericEquals: { "x:n": "${x:limit}" } }, /not a decimal number/);
  rejects({ stringequals: { "x:k": "a" } }, /Invalid condition operator/);
});
