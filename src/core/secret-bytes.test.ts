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
