import assert from "node:assert/strict";
import { test } from "node:test";
import { globFromPattern, lit, matchGlob } from "./wildcard.js";

const m = (pattern: string, value: string, ignoreCase = false): boolean => matchGlob(globFromPattern(pattern), value, ignoreCase);

test("* matches any run, ? exactly one character", () => {
  assert.equal(m("kms:*", "kms:Decrypt"), true);
  assert.equal(m("kms:*", "kms:"), true);
  assert.equal(m("kms:Re*", "kms:ReEncryptFrom"), true);
  assert.equal(m("kms:Re*", "kms:Decrypt"), false);
  assert.equal(m("kms:?ecrypt", "kms:Decrypt"), true);
  assert.equal(m("kms:?ecrypt", "kms:ecrypt"), false);
  assert.equal(m("a*b*c", "aXXbYYc"), true);
  assert.equal(m("a*b*c", "aXXbYY"), false);
  assert.equal(m("*", ""), true);
  assert.equal(m("?", ""), false);
  assert.equal(m("abc", "abcd"), false);
  assert.equal(m("**x", "abx"), true);
});

test("matching is case-sensitive unless asked otherwise", () => {
  assert.equal(m("kms:decrypt", "kms:Decrypt"), false);
  assert.equal(m("kms:decrypt", "kms:Decrypt", true), true);
  assert.equal(m("KMS:DE*", "kms:Decrypt", true), true);
});

test("? matches one Unicode character, not one UTF-16 unit", () => {
  assert.equal(m("a?b", "a😀b"), true);
  assert.equal(m("a??b", "a😀b"), false);
});

test("literal tokens never act as wildcards", () => {
  assert.equal(matchGlob([lit("a*")], "a*"), true);
  assert.equal(matchGlob([lit("a*")], "abc"), false);
  assert.equal(matchGlob([lit("?")], "x"), false);
});

test("pathological patterns finish quickly", () => {
  const start = Date.now();
  assert.equal(m("*a*a*a*a*a*a*a*a*a*a*b", "a".repeat(5000)), false);
  assert.ok(Date.now() - start < 1000);
});
