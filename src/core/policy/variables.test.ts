import assert from "node:assert/strict";
import { test } from "node:test";
import { conditionContext, type ContextValue } from "./context.js";
import { parseTemplate, resolveTemplate, splitTemplate, TemplateError } from "./variables.js";
import { matchGlob } from "./wildcard.js";

const V2012 = { wildcards: true, variables: true };

function resolves(text: string, entries: Readonly<Record<string, ContextValue>>, value: string, syntax = V2012): boolean {
  const glob = resolveTemplate(parseTemplate(text, syntax), conditionContext(entries));
  return glob !== undefined && matchGlob(glob, value);
}

test("variables resolve from the request context, key names case-insensitively", () => {
  assert.equal(resolves("home/${aws:username}/*", { "aws:username": "alice" }, "home/alice/x"), true);
  assert.equal(resolves("home/${AWS:UserName}/*", { "aws:username": "alice" }, "home/alice/x"), true);
  assert.equal(resolves("${aws:userid}", { "aws:userid": "AIDAEXAMPLE" }, "AIDAEXAMPLE"), true);
  assert.equal(resolves("team-${aws:PrincipalTag/dept}", { "aws:PrincipalTag/dept": "eng" }, "team-eng"), true);
  assert.equal(resolves("${kms:EncryptionContext:tenant}", { "kms:EncryptionContext:tenant": "t1" }, "t1"), true);
  assert.equal(resolves("home/${aws:username}/*", { "aws:username": "bob" }, "home/alice/x"), false);
});

test("an absent or multi-valued key leaves the value unresolved unless it has a default", () => {
  const t = parseTemplate("u/${aws:username}", V2012);
  assert.equal(resolveTemplate(t, conditionContext({})), undefined);
  assert.equal(resolveTemplate(t, conditionContext({ "aws:username": ["a", "b"] })), undefined);
  assert.equal(resolves("u/${aws:username, 'anonymous'}", {}, "u/anonymous"), true);
  assert.equal(resolves("u/${aws:username,'anonymous'}", { "aws:username": "alice" }, "u/alice"), true);
  assert.equal(resolves("${aws:username, 'it''s'}", {}, "it's"), true);
  assert.equal(resolves("${aws:username, ''}x", {}, "x"), true);
});

test("substituted values are literal: a * from the request is not a wildcard", () => {
  assert.equal(resolves("key/${kms:EncryptionContext:k}", { "kms:EncryptionContext:k": "*" }, "key/anything"), false);
  assert.equal(resolves("key/${kms:EncryptionContext:k}", { "kms:EncryptionContext:k": "*" }, "key/*"), true);
});

test("${*}, ${?} and ${$} are literal characters", () => {
  assert.equal(resolves("a${*}b", {}, "a*b"), true);
  assert.equal(resolves("a${*}b", {}, "aXb"), false);
  assert.equal(resolves("a${?}", {}, "a?"), true);
  assert.equal(resolves("a${?}", {}, "ab"), false);
  assert.equal(resolves("cost${$}", {}, "cost$"), true);
  assert.equal(resolves("a$b", {}, "a$b"), true, "a lone $ is text");
});

test("without variables (2008-10-17) ${...} is text, wildcards still apply", () => {
  const syntax = { wildcards: true, variables: false };
  assert.equal(resolves("${aws:username}", { "aws:username": "alice" }, "alice", syntax), false);
  assert.equal(resolves("${aws:username}*", {}, "${aws:username}-x", syntax), true);
});

test("malformed variables are refused", () => {
  for (const bad of ["${aws:username", "${aws:username, 'x}", "${aws:username, x}", "${}", "${nocolon}", "${a:b, 'x' y}"]) {
    assert.throws(() => parseTemplate(bad, V2012), TemplateError, bad);
  }
});

test("splitting into ARN components leaves substituted colons alone", () => {
  const parts = splitTemplate(parseTemplate("arn:aws:s3:::b/${x:k}:y", V2012), 6);
  assert.equal(parts.length, 6);
  assert.deepEqual(parts[5], [{ t: "lit", s: "b/" }, { t: "var", key: "x:k" }, { t: "lit", s: ":y" }]);
  assert.equal(splitTemplate(parseTemplate("*", V2012), 6).length, 1);
});
