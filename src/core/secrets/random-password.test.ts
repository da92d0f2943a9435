import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { DEFAULT_PASSWORD_LENGTH, randomPassword, type PasswordOptions } from "./random-password.js";

const generate = (options: PasswordOptions) => {
  const outcome = randomPassword(options, randomBytes);
  assert.ok(outcome.ok, outcome.ok ? "" : outcome.message);
  return outcome.password;
};
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

test("by default: 32 characters with at least one uppercase, lowercase, digit and punctuation character, no space", () => {
  for (let i = 0; i < 200; i++) {
    const password = generate({});
    assert.equal(password.length, DEFAULT_PASSWORD_LENGTH);
    assert.match(password, /[A-Z]/);
    assert.match(password, /[a-z]/);
    assert.match(password, /[0-9]/);
    assert.match(password, PUNCTUATION);
    assert.doesNotMatch(password, / /);
  }
});

test("each class is required even at the shortest length that fits them, and refused below it", () => {
  for (let i = 0; i < 200; i++) {
    const password = generate({ passwordLength: 5, includeSpace: true });
    for (const pattern of [/[A-Z]/, /[a-z]/, /[0-9]/, PUNCTUATION, / /]) assert.match(password, pattern);
  }
  assert.deepEqual(randomPassword({ passwordLength: 3 }, randomBytes), { ok: false, message: "Password length is too short based on the required types." });
  assert.equal(generate({ passwordLength: 1, requireEachIncludedType: false }).length, 1);
});

test("exclusions take characters out of every class; excluding everything is refused", () => {
  for (let i = 0; i < 100; i++) {
    const password = generate({ passwordLength: 64, excludePunctuation: true, excludeNumbers: true, excludeCharacters: "aeiouAEIOU" });
    assert.match(password, /^[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]{64}$/);
  }
  assert.match(generate({ excludeUppercase: true, excludeLowercase: true, excludePunctuation: true, passwordLength: 10 }), /^[0-9]{10}$/);
  assert.equal(randomPassword({ excludeUppercase: true, excludeLowercase: true, excludePunctuation: true, excludeCharacters: "0123456789" }, randomBytes).ok, false);
});

test("characters are drawn uniformly: no character of the pool is rarer or commoner than chance allows", () => {
  const counts = new Map<string, number>();
  const draws = 2000;
  for (let i = 0; i < draws; i++) for (const c of generate({ passwordLength: 64, excludePunctuation: true, requireEachIncludedType: false })) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
  const expected = (draws * 64) / 62;
  // 2,064 expected per character; six standard deviations (about 270) either way.
  for (const [c, n] of counts) assert.ok(Math.abs(n - expected) < 6 * Math.sqrt(expected), `${c}: ${n} against ${expected.toFixed(0)}`);
});

test("the same random bytes give the same password (nothing but the source decides)", () => {
  const fixed = (n: number) => Buffer.alloc(n, 0x5a);
  assert.deepEqual(randomPassword({}, fixed), randomPassword({}, fixed));
});

test("the random bytes a password came from are zeroed once it is made", () => {
  const handed: Buffer[] = [];
  const source = (n: number) => {
    const bytes = randomBytes(n);
    handed.push(bytes);
    return bytes;
  };
  assert.ok(randomPassword({ passwordLength: 4096 }, source).ok);
  assert.ok(handed.length > 1, "a long password needs several draws");
  for (const bytes of handed) assert.ok(bytes.every((b) => b === 0));
});
