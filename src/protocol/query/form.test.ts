import assert from "node:assert/strict";
import { test } from "node:test";
import { hasQueryAction, isFormUrlEncoded, parseQueryRequest } from "./form.js";

const form = (text: string) => Buffer.from(text, "utf8");

test("Action and Version are taken apart; dotted names nest; member lists become arrays in index order", () => {
  const request = parseQueryRequest("", form("Action=TagUser&Version=2010-05-08&UserName=bob&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=&Tags.member.10.Key=c"));
  assert.equal(request.action, "TagUser");
  assert.equal(request.version, "2010-05-08");
  assert.deepEqual(request.members, { UserName: "bob", Tags: [{ Key: "a", Value: "" }, { Key: "b", Value: "2" }, { Key: "c" }] });
});

test("form decoding: + is a space, percent escapes are UTF-8; an empty list is the bare name", () => {
  const request = parseQueryRequest("", form("Description=a+b%20%C3%A9%26&TagKeys="));
  assert.deepEqual(request.members, { Description: "a b é&", TagKeys: "" });
});

test("query-string parameters join the body's; SigV4's presigned parameters are not members", () => {
  const request = parseQueryRequest("Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Signature=abc&X-Amz-Security-Token=t&X-Amz-Credential=c", Buffer.alloc(0));
  assert.equal(request.action, "GetCallerIdentity");
  assert.deepEqual(request.members, {});
});

test("ambiguous input is refused: a parameter twice, a name both leaf and node, a list not numbered from 1", () => {
  assert.throws(() => parseQueryRequest("UserName=a", form("UserName=b")), { name: "ValidationException", message: /appears more than once/ });
  assert.throws(() => parseQueryRequest("", form("Tags.member.1=x&Tags.member.1.Key=y")), /conflicts/);
  assert.throws(() => parseQueryRequest("", form("Tags.member.0.Key=x")), /numbered from 1/);
  assert.throws(() => parseQueryRequest("", form("Tags.member=x")), /numbered from 1/);
  assert.throws(() => parseQueryRequest("", form("a..b=x")), /not well formed/);
  assert.throws(() => parseQueryRequest("", form(Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join("&"))), /at most 1000/);
});

test("a member named __proto__ stays data and never becomes a prototype", () => {
  const request = parseQueryRequest("", form("__proto__.polluted=yes&Tags.member.1.__proto__=x"));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(request.members), Object.prototype);
  assert.deepEqual(Object.keys(request.members), ["__proto__", "Tags"]);
});

test("what makes a request a Query request", () => {
  assert.equal(isFormUrlEncoded("application/x-www-form-urlencoded; charset=utf-8"), true);
  assert.equal(isFormUrlEncoded("Application/X-WWW-Form-Urlencoded"), true);
  assert.equal(isFormUrlEncoded("application/x-amz-json-1.1"), false);
  assert.equal(isFormUrlEncoded(undefined), false);
  assert.equal(hasQueryAction("Action=GetCallerIdentity&Version=2011-06-15"), true);
  assert.equal(hasQueryAction("X-Amz-Algorithm=AWS4-HMAC-SHA256"), false);
  assert.equal(hasQueryAction(""), false);
});
