import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalEncryptionContext, sameEncryptionContext } from "./encryption-context.js";

test("canonical encryption context: known answer (docs/formats.md)", () => {
  // count=2, then "a"="1", "b"="22" as u16 length-prefixed UTF-8, keys sorted.
  assert.equal(canonicalEncryptionContext({ b: "22", a: "1" }).toString("hex"), "0002" + "0001" + "61" + "0001" + "31" + "0001" + "62" + "0002" + "3232");
  assert.equal(canonicalEncryptionContext({}).toString("hex"), "0000");
});

test("order of entries does not matter; case, keys and values do", () => {
  assert.ok(sameEncryptionContext({ x: "1", y: "2" }, { y: "2", x: "1" }));
  assert.ok(!sameEncryptionContext({ x: "1" }, { X: "1" }));
  assert.ok(!sameEncryptionContext({ x: "1" }, { x: "1 " }));
  assert.ok(!sameEncryptionContext({ ab: "" }, { a: "b" }), "length prefixes keep boundaries unambiguous");
});

test("keys sort by their UTF-8 bytes, not by UTF-16 code units", () => {
  // U+FF5E (3 UTF-8 bytes EF BD 9E) sorts before U+1F600 (F0 9F 98 80) by bytes, after it by UTF-16 units.
  const encoded = canonicalEncryptionContext({ "\u{1F600}": "a", "\uFF5E": "b" });
  assert.equal(encoded.subarray(2, 4).toString("hex"), "0003");
  assert.equal(encoded.subarray(4, 7).toString("hex"), "efbd9e");
});

test("the canonical form sorts keys by their UTF-8 bytes, and counts bytes, not characters", () => {
  // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts after U+1F600 (F0 9F 98 80) in UTF-16 units, before it in UTF-8.
  const context = { "\u{1F600}": "é", "\uFF21": "x", a: "" };
  const expected = Buffer.concat([
    Buffer.from([0, 3]),
    Buffer.from([0, 1]), Buffer.from("a"), Buffer.from([0, 0]),
    Buffer.from([0, 3]), Buffer.from("\uFF21"), Buffer.from([0, 1]), Buffer.from("x"),
    Buffer.from([0, 4]), Buffer.from("\u{1F600}"), Buffer.from([0, 2]), Buffer.from("é"),
  ]);
  assert.equal(canonicalEncryptionContext(context).toString("hex"), expected.toString("hex"));
  assert.ok(sameEncryptionContext(context, { a: "", "\uFF21": "x", "\u{1F600}": "é" }));
});
