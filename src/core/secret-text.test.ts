import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { SecretBytes } from "./secret-bytes.js";
import { SecretText } from "./secret-text.js";

test("a SecretText never prints its content: toString, JSON.stringify, template strings and inspect are redacted", () => {
  const text = new SecretText(SecretBytes.fromUtf8("hunter2-password"));
  assert.equal(String(text), "[redacted]");
  assert.equal(`${text}`, "[redacted]");
  assert.equal(JSON.stringify({ SecretString: text }), '{"SecretString":"[redacted]"}');
  assert.equal(inspect(text), "SecretText([redacted], 16 bytes)");
  assert.doesNotMatch(inspect({ nested: { text } }, { depth: 5 }), /hunter2/);
});

test("disposing a SecretText wipes its bytes, and disposing twice is harmless", () => {
  const bytes = SecretBytes.fromUtf8("wipe me");
  let borrowed: Buffer | undefined;
  bytes.use((b) => (borrowed = b));
  const text = new SecretText(bytes);
  assert.equal(text.disposed, false);
  text.dispose();
  text.dispose();
  assert.equal(text.disposed, true);
  assert.equal(bytes.disposed, true);
  assert.deepEqual([...borrowed!], new Array(7).fill(0));
  assert.throws(() => text.bytes.use((b) => b.toString("utf8")), /after dispose/);
});
