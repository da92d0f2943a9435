import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import { SecretBytes, exposeSecretBytes } from "./secret-bytes.js";

test("SecretBytes never prints its content and is zeroed on dispose", () => {
  const source = Buffer.from("top secret");
  const secret = SecretBytes.copyOf(source);
  for (const shown of [String(secret), JSON.stringify({ secret }), inspect(secret), `${secret}`]) assert.doesNotMatch(shown, /top secret/);
  let borrowed: Buffer | undefined;
  secret.use((b) => (borrowed = b));
  secret.dispose();
  assert.ok(borrowed!.every((byte) => byte === 0));
  assert.throws(() => secret.use(() => 0), /after dispose/);
  assert.equal(source.toString(), "top secret", "copyOf leaves the caller's buffer alone");
});

test("exposeSecretBytes returns a copy the caller owns", () => {
  const secret = SecretBytes.copyOf(Buffer.from("abc"));
  const raw = exposeSecretBytes(secret);
  secret.dispose();
  assert.equal(raw.toString(), "abc");
});

test("a derived value is computed once from the bytes, and goes with them on dispose", () => {
  const secret = SecretBytes.copyOf(Buffer.from([1, 2, 3]));
  let computed = 0;
  const sum = (bytes: Buffer) => {
    computed += 1;
    return { total: bytes.reduce((a, b) => a + b, 0) };
  };
  const first = secret.derived("sum", sum);
  assert.equal(first.total, 6);
  assert.equal(secret.derived("sum", sum), first, "the same object, not a recomputation");
  assert.equal(computed, 1);
  assert.equal(secret.derived("other", sum).total, 6, "each name has its own value");
  assert.equal(computed, 2);
  assert.throws(() => secret.derived("fails", () => { throw new Error("bad key"); }), /bad key/);
  assert.throws(() => secret.derived("fails", () => { throw new Error("bad key again"); }), /bad key again/, "a failure is not kept");
  secret.dispose();
  assert.throws(() => secret.derived("sum", sum), /after dispose/);
  assert.equal(computed, 2);
});

test("fromBase64 decodes into its own buffer, and refuses text whose length it was told wrongly", () => {
  const secret = SecretBytes.fromBase64(Buffer.from("attack at dawn").toString("base64"), 14);
  assert.equal(secret.use((b) => b.toString("utf8")), "attack at dawn");
  assert.equal(SecretBytes.fromBase64("QUJD", 3).use((b) => b.toString()), "ABC");
  assert.equal(SecretBytes.fromBase64("QUI", 2).use((b) => b.toString()), "AB", "unpadded");
  assert.throws(() => SecretBytes.fromBase64("QUJD", 4), RangeError);
});
