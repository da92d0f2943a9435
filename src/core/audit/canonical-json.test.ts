import assert from "node:assert/strict";
import { test } from "node:test";
import { canonicalJson, makeCanonicalJson } from "./canonical-json.js";
import { apiCallEvent } from "./event.js";
import { ACCOUNT, KEY_ARN, alice, encryptFacts, roleSession, root } from "./fixtures.test.js";

/**
 * The definition, written plainly: what the chain hashed before canonicalJson was written for
 * speed. Every output of the fast writers must equal this one byte for byte, or stored trails
 * would stop verifying.
 */
function reference(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("numbers must be finite");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${Array.from(value, reference).join(",")}]`;
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new TypeError("only plain objects and arrays");
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
    return `{${members.join(",")}}`;
  }
  throw new TypeError(`unsupported ${typeof value}`);
}

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters JSON escapes or treats specially: quotes, backslash, controls, lone and paired
// surrogates, U+2028, non-ASCII, and keys that objects order apart (integer-like, __proto__).
const PIECES = ['"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "é", "日本", "😀", "\ud800", "\udfff", "a", "Z", "_", "0", "10", "9", " ", "/", "aws:"];
const KEYS = ["a", "b", "B", "aa", "", "0", "1", "10", "2", "9", "-1", "01", "__proto__", "toJSON", "constructor", "é", "😀", "\ud800", "keyId", "ARN", "accountId"];

function generate(random: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const kind = depth >= 4 ? Math.floor(random() * 4) : Math.floor(random() * 7);
  switch (kind) {
    case 0:
      return Array.from({ length: Math.floor(random() * 4) }, () => pick(PIECES)).join("");
    case 1:
      return pick([0, -0, 1, -1, 0.1, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, 123456.789, Math.floor(random() * 1e6)]);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick(["", "plain", KEY_ARN, ACCOUNT]);
    case 4:
    case 5: {
      // JSON.parse makes __proto__ an own key, as a request body parsed from the wire would.
      const entries = Array.from({ length: Math.floor(random() * 6) }, () => [pick(KEYS), random() < 0.1 ? undefined : generate(random, depth + 1)] as const);
      const object: Record<string, unknown> = random() < 0.2 ? Object.create(null) : JSON.parse("{}");
      for (const [key, member] of entries) Object.defineProperty(object, key, { value: member, enumerable: true, writable: true, configurable: true });
      return object;
    }
    default:
      return Array.from({ length: Math.floor(random() * 4) }, () => generate(random, depth + 1));
  }
}

test("canonicalJson and a remembering writer match the plain definition on generated values", () => {
  const remembering = makeCanonicalJson();
  for (let seed = 1; seed <= 5000; seed++) {
    const value = generate(prng(seed), 0);
    const expected = reference(value);
    assert.equal(canonicalJson(value), expected, `seed ${seed}`);
    assert.equal(remembering(value), expected, `seed ${seed}, remembering writer`);
    assert.equal(remembering(value), expected, `seed ${seed}, remembering writer, shape seen before`);
  }
});

test("a remembering writer matches the plain definition on events of every kind, past its shape limit", () => {
  const remembering = makeCanonicalJson();
  const random = prng(42);
  for (let n = 0; n < 3000; n++) {
    // Encryption contexts with caller-chosen keys: more shapes than the writer remembers.
    const context = Object.fromEntries(Array.from({ length: 1 + (n % 5) }, (_, i) => [`k${(n * 7 + i * 13) % 2000}${PIECES[i]}`, `v${n}`]));
    const facts = encryptFacts({
      caller: [alice, roleSession, root, undefined][n % 4],
      requestId: `request-${n}`,
      eventId: `event-${n}`,
      time: new Date(Date.UTC(2026, 0, 1) + n * 1000),
      input: { KeyId: "alias/app", Plaintext: "c2VjcmV0", EncryptionContext: context, GrantTokens: ["t"] },
      ...(n % 3 === 0 ? { error: { code: "AccessDeniedException", message: `denied "${n}"\n` } } : {}),
    });
    const event = apiCallEvent(facts);
    assert.equal(remembering(event), reference(event), `event ${n}`);
    const value = generate(random, 0);
    assert.equal(remembering(value), reference(value), `generated value ${n}`);
  }
});

test("canonicalJson refuses what JSON cannot hold, remembering or not", () => {
  const remembering = makeCanonicalJson();
  for (const bad of [[undefined], [1, , 2], { a: [Number.NaN] }, { a: -Infinity }, Buffer.from("x"), new Date(0), 1n, () => 1, { f: () => 1 }, new Map(), Object.assign(Object.create({ inherited: 1 }), { a: 1 })]) {
    assert.throws(() => canonicalJson(bad), TypeError);
    assert.throws(() => remembering(bad), TypeError);
    assert.throws(() => reference(bad), TypeError);
  }
});
