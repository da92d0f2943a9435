import assert from "node:assert/strict";
import { test } from "node:test";
import { checkResourcePolicy } from "./resource-policy.js";

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const read = { Action: "secretsmanager:GetSecretValue", Resource: "*" };

test("a policy naming principals is valid and not public", () => {
  assert.deepEqual(checkResourcePolicy(policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:user/app" }, ...read })), { publicStatements: [] });
});

test("a wildcard principal is public unless a condition pins the account or organization", () => {
  assert.deepEqual(checkResourcePolicy(policy({ Sid: "Open", Effect: "Allow", Principal: "*", ...read })).publicStatements, ['statement "Open"']);
  assert.deepEqual(checkResourcePolicy(policy({ Effect: "Allow", Principal: { AWS: "*" }, ...read })).publicStatements, ["Statement[0]"]);
  const pinned = { Effect: "Allow", Principal: "*", ...read, Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } } };
  assert.deepEqual(checkResourcePolicy(policy(pinned)).publicStatements, []);
  const wildPin = { ...pinned, Condition: { StringLike: { "aws:PrincipalAccount": "*" } } };
  assert.equal(checkResourcePolicy(policy(wildPin)).publicStatements.length, 1);
  const negated = { ...pinned, Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" } } };
  assert.equal(checkResourcePolicy(policy(negated)).publicStatements.length, 1);
  assert.deepEqual(checkResourcePolicy(policy({ Effect: "Deny", Principal: "*", ...read })).publicStatements, []);
});

test("a policy that does not parse reports why", () => {
  assert.match(checkResourcePolicy("{not json").syntaxError!, /./);
  assert.match(checkResourcePolicy(policy({ Effect: "Allow", ...read })).syntaxError!, /principal/i);
});
