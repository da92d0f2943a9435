import assert from "node:assert/strict";
import { test } from "node:test";
import { compareDecimal, parseBase64, parseBool, parseDate, parseDecimal } from "./values.js";

const cmp = (a: string, b: string): number => compareDecimal(parseDecimal(a)!, parseDecimal(b)!);

test("decimals compare exactly", () => {
  assert.equal(cmp("10", "10.0"), 0);
  assert.equal(cmp("0.1", ".1"), 0);
  assert.equal(cmp("-0", "0"), 0);
  assert.equal(cmp("9", "10"), -1);
  assert.equal(cmp("-9", "-10"), 1);
  assert.equal(cmp("1.05", "1.5"), -1);
  assert.equal(cmp("12345678901234567890.000000000000000001", "12345678901234567890"), 1);
  assert.equal(cmp("+3", "3"), 0);
  for (const bad of ["", "1e3", "abc", "1.2.3", "0x10", " 1", "-"]) assert.equal(parseDecimal(bad), undefined, bad);
});

test("dates: W3C ISO 8601 forms and epoch seconds", () => {
  const t = Date.UTC(2020, 0, 1, 0, 0, 1);
  assert.equal(parseDate("2020-01-01T00:00:01Z"), t);
  assert.equal(parseDate("2020-01-01T00:00:01.000Z"), t);
  assert.equal(parseDate("2020-01-01T01:00:01+01:00"), t);
  assert.equal(parseDate("2019-12-31T23:00:01-01:00"), t);
  assert.equal(parseDate("2020-01-01"), Date.UTC(2020, 0, 1));
  assert.equal(parseDate("2020-01"), Date.UTC(2020, 0, 1));
  assert.equal(parseDate(String(t / 1000)), t);
  for (const bad of ["2023-02-30", "2020-13-01", "2020-01-01T25:00Z", "yesterday", "2020-01-01T00:00:00+25:00", ""]) assert.equal(parseDate(bad), undefined, bad);
});

test("bool and base64", () => {
  assert.equal(parseBool("true"), true);
  assert.equal(parseBool("FALSE"), false);
  assert.equal(parseBool("yes"), undefined);
  assert.deepEqual(parseBase64("QUJD"), Uint8Array.from([65, 66, 67]));
  assert.deepEqual(parseBase64("QQ=="), Uint8Array.from([65]));
  for (const bad of ["QUJ", "QU=D", "Q!==", "QUJD\n"]) assert.equal(parseBase64(bad), undefined, bad);
});
