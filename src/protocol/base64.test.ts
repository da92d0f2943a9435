import assert from "node:assert/strict";
import { test } from "node:test";
import { base64DecodedLength, isBase64 } from "./base64.js";

const REFERENCE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}|[A-Za-z0-9+/]{3})?$/;

test("isBase64 accepts exactly what the reference expression accepts", () => {
  const pieces = ["A", "z", "0", "+", "/", "=", "-", "_", " ", "\n", "é", "\u0100", "==", "AAAA"];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  let accepted = 0;
  for (let i = 0; i < 50_000; i++) {
    let text = "";
    const length = next() % 12;
    for (let j = 0; j < length; j++) text += pieces[next() % (next() % 3 === 0 ? pieces.length : 5)];
    assert.equal(isBase64(text), REFERENCE.test(text), JSON.stringify(text));
    if (REFERENCE.test(text)) accepted += 1;
  }
  assert.ok(accepted > 1000, "the generator reaches valid text too");
  for (const text of ["", "QQ==", "QUI=", "QUJD", "QQ", "QUI", "Q", "Q===", "=", "==", "QQ=", "QUJD=", "QU=D", "QUJDRA=="]) {
    assert.equal(isBase64(text), REFERENCE.test(text), text);
  }
});

test("base64DecodedLength matches what Buffer decodes", () => {
  for (let n = 0; n < 40; n++) {
    const bytes = Buffer.alloc(n, 0xab);
    const padded = bytes.toString("base64");
    assert.equal(base64DecodedLength(padded), n);
    assert.equal(base64DecodedLength(padded.replace(/=+$/, "")), n);
  }
});
