import assert from "node:assert/strict";
import { test } from "node:test";
import { isJsonObject, JsonSyntaxError, parseJson, type JsonObject } from "./json.js";

test("objects are Maps, numbers keep their text, strings decode escapes", () => {
  const v = parseJson(' { "a" : [1, 10.50, -2e3, true, false, null, "x\\u0041\\n\\"\\/"] } ') as JsonObject;
  assert.ok(isJsonObject(v));
  assert.deepEqual(v.get("a"), [{ kind: "number", text: "1" }, { kind: "number", text: "10.50" }, { kind: "number", text: "-2e3" }, true, false, null, 'xA\n"/']);
});

test("a __proto__ key is an ordinary entry and pollutes nothing", () => {
  const v = parseJson('{"__proto__": {"polluted": true}, "constructor": 1}') as JsonObject;
  assert.deepEqual([...v.keys()], ["__proto__", "constructor"]);
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"), false);
});

test("duplicate keys are refused, with their position", () => {
  assert.throws(() => parseJson('{"Effect": "Allow", "Effect": "Deny"}'), (e: unknown) => e instanceof JsonSyntaxError && /duplicate key "Effect"/.test(e.message) && e.position === 20);
});

test("malformed JSON is refused", () => {
  for (const bad of ["", "{", '{"a":1,}', "[1,]", "{'a':1}", '{"a":01}', '"\u0001"', '"\\x"', "{} {}", "tru", '{"a" 1}', "NaN", '"\\u12G4"']) {
    assert.throws(() => parseJson(bad), JsonSyntaxError, bad);
  }
});

test("nesting deeper than a policy could need is refused", () => {
  assert.doesNotThrow(() => parseJson("[".repeat(30) + "]".repeat(30)));
  assert.throws(() => parseJson("[".repeat(5000) + "]".repeat(5000)), /nested too deeply/);
});
