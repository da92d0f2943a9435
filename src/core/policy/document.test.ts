import assert from "node:assert/strict";
import { test } from "node:test";
import { describeStatement, parsePolicy, type PolicyKind } from "./document.js";
import { PolicySyntaxError } from "./errors.js";
import { defaultKeyPolicy } from "../kms/default-key-policy.js";

const KEY_STATEMENT = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
const doc = (...statements: unknown[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });

function rejects(text: string, kind: PolicyKind, message: RegExp): void {
  assert.throws(() => parsePolicy(text, kind), (e: unknown) => e instanceof PolicySyntaxError && message.test(e.message), `${kind}: ${text}`);
}

test("the default key policy parses", () => {
  const text = defaultKeyPolicy("aws", "111122223333");
  const p = parsePolicy(text, "key");
  assert.equal(p.version, "2012-10-17");
  assert.equal(p.id, "key-default-1");
  assert.equal(p.kind, "key");
  assert.equal(p.statements.length, 1);
  const s = p.statements[0]!;
  assert.equal(s.index, 0);
  assert.equal(s.sid, "Enable IAM User Permissions");
  assert.equal(s.effect, "Allow");
  assert.deepEqual(s.principal, [{ kind: "account", accountId: "111122223333", partition: "aws" }]);
  assert.deepEqual(s.action?.map((a) => a.text), ["kms:*"]);
  assert.deepEqual(s.resource?.map((r) => r.text), ["*"]);
  assert.equal(s.notAction, undefined);
  assert.deepEqual(s.conditions, []);
});

test("a single statement object, an absent Version and an absent Resource in a trust policy", () => {
  const p = parsePolicy(JSON.stringify({ Statement: { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" } }), "trust");
  assert.equal(p.version, "2008-10-17");
  assert.equal(p.id, undefined);
  assert.equal(p.statements.length, 1);
  assert.equal(p.statements[0]!.resource, undefined);
  assert.equal(p.statements[0]!.notResource, undefined);
});

test("an identity policy has no Principal; NotAction and NotResource are kept as such", () => {
  const p = parsePolicy(doc({ Sid: "DenyOthers", Effect: "Deny", NotAction: ["kms:Describe*", "kms:List*"], NotResource: "arn:aws:kms:*:111122223333:key/*" }), "identity");
  const s = p.statements[0]!;
  assert.equal(s.principal, undefined);
  assert.deepEqual(s.notAction?.map((a) => a.text), ["kms:Describe*", "kms:List*"]);
  assert.deepEqual(s.notResource?.map((r) => r.text), ["arn:aws:kms:*:111122223333:key/*"]);
  assert.equal(s.action, undefined);
});

test("describeStatement names a statement by Sid, else by position", () => {
  const p = parsePolicy(doc(KEY_STATEMENT, { ...KEY_STATEMENT, Sid: undefined }), "key");
  assert.equal(describeStatement(p.statements[0]!), 'statement "Enable IAM User Permissions"');
  assert.equal(describeStatement(p.statements[1]!), "Statement[1]");
});

test("malformed documents are refused with a message naming the problem", () => {
  const k = KEY_STATEMENT;
  const cases: [string, PolicyKind, RegExp][] = [
    ["{not json", "key", /^Syntax errors in policy\. The policy is not valid JSON/],
    ["[]", "key", /must be a JSON object/],
    [JSON.stringify({ Version: "2012-10-17" }), "key", /^Missing required field Statement\.$/],
    [JSON.stringify({ Version: "2012-10-17", Statement: [] }), "key", /Statement must not be an empty array/],
    [JSON.stringify({ Version: "2012-10-17", Statement: [k], Extra: 1 }), "key", /Unknown field "Extra"/],
    [JSON.stringify({ Version: "2013-01-01", Statement: [k] }), "key", /unsupported Version "2013-01-01"/],
    [JSON.stringify({ Version: 2012, Statement: [k] }), "key", /unsupported Version 2012/],
    [JSON.stringify({ Id: 5, Statement: [k] }), "key", /Id must be a string/],
    [doc("kms:*"), "key", /Each statement must be a JSON object\. \(Statement\[0\]\)$/],
    [doc({ ...k, Effect: "allow" }), "key", /^Invalid effect: "allow"\. Effect must be "Allow" or "Deny"\. \(statement "Enable IAM User Permissions"\)$/],
    [doc({ ...k, Effect: undefined }), "key", /Missing required field Effect/],
    [doc({ ...k, Principal: undefined }), "key", /^Missing required field Principal\. \(statement "Enable IAM User Permissions"\)$/],
    [doc({ ...k, NotPrincipal: { AWS: "*" } }), "key", /either Principal or NotPrincipal, not both/],
    [doc({ ...k, Principal: undefined, NotPrincipal: { AWS: "111122223333" } }), "key", /NotPrincipal must be used with "Effect": "Deny"/],
    [doc({ ...k, Principal: { AWS: "arn:aws:iam::111122223333:user/a*" } }), "key", /^Policy contains a statement with one or more invalid principals\./],
    [doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }), "identity", /^Has prohibited field Principal\. \(Statement\[0\]\)$/],
    [doc({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }), "trust", /Has prohibited field NotPrincipal/],
    [doc({ ...k, Action: undefined }), "key", /^Policy statement must contain actions\./],
    [doc({ ...k, NotAction: "kms:Decrypt" }), "key", /either Action or NotAction/],
    [doc({ ...k, Action: [] }), "key", /Action must not be an empty array/],
    [doc({ ...k, Action: ["kms:Decrypt", 7] }), "key", /Action must be a non-empty string/],
    [doc({ ...k, Action: "Decrypt" }), "key", /Actions\/Conditions must be prefaced by a vendor.*"Decrypt"/],
    [doc({ ...k, Action: "km*:Decrypt" }), "key", /prefaced by a vendor/],
    [doc({ ...k, Resource: undefined }), "key", /^Policy statement must contain resources\./],
    [doc({ Effect: "Allow", Action: "kms:*" }), "identity", /Policy statement must contain resources/],
    [doc({ ...k, NotResource: "*" }), "key", /either Resource or NotResource/],
    [doc({ ...k, Resource: "key/1234" }), "key", /Resource key\/1234 must be in ARN format or "\*"/],
    [doc({ ...k, Resource: "arn:aws:kms:us-east-1:111122223333:key/${aws:username" }), "key", /Invalid Resource: unterminated policy variable/],
    [doc({ ...k, Resource: {} }), "key", /Resource must be a non-empty string/],
    [doc({ ...k, Sid: 3 }), "key", /Sid must be a string/],
    [doc(k, { ...k }), "key", /The Statement Ids in the policy are not unique: "Enable IAM User Permissions"/],
    [doc({ Sid: "has space", Effect: "Allow", Action: "kms:*", Resource: "*" }), "identity", /Statement IDs \(SID\) must be alpha-numeric/],
    [doc({ ...k, Principle: { AWS: "*" } }), "key", /Unknown field "Principle" in a statement/],
    [doc({ ...k, Condition: ["StringEquals"] }), "key", /Condition must be an object.*statement "Enable IAM User Permissions"/],
    [doc({ ...k, Condition: { StringEqualsX: { "kms:CallerAccount": "1" } } }), "key", /Invalid condition operator "StringEqualsX" \(statement "Enable IAM User Permissions"\)/],
    ['{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}', "key", /duplicate key "Version"/],
    [doc({ ...k, Effect: "Allow" }).replace('"Effect":"Allow"', '"Effect":"Allow","Effect":"Deny"'), "key", /duplicate key "Effect"/],
  ];
  for (const [text, kind, message] of cases) rejects(text, kind, message);
});

test("KMS Sids may contain spaces; IAM Sids may not, but the empty Sid is allowed", () => {
  assert.equal(parsePolicy(doc(KEY_STATEMENT), "key").statements[0]!.sid, "Enable IAM User Permissions");
  assert.equal(parsePolicy(doc({ Sid: "", Effect: "Allow", Action: "kms:*", Resource: "*" }), "identity").statements[0]!.sid, "");
});

test("a __proto__ field is refused as unknown and pollutes nothing", () => {
  rejects('{"__proto__": {"isAdmin": true}, "Statement": []}', "key", /Unknown field "__proto__"/);
  rejects(doc(KEY_STATEMENT).replace('"Effect"', '"__proto__":{"x":1},"Effect"'), "key", /Unknown field "__proto__"/);
  assert.equal(({} as Record<string, unknown>)["isAdmin"], undefined);
});
