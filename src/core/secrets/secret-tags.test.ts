import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeSecretTags, removeSecretTags, requestTags } from "./secret-tags.js";

test("request tags: a key each, no duplicates, no aws: keys, values default to empty", () => {
  assert.deepEqual(requestTags([{ Key: "team", Value: "a" }, { Key: "env" }]), { ok: true, tags: [{ Key: "team", Value: "a" }, { Key: "env", Value: "" }] });
  assert.equal(requestTags([{ Value: "x" }]).ok, false);
  assert.equal(requestTags([{ Key: "AWS:x", Value: "x" }]).ok, false);
  assert.equal(requestTags([{ Key: "k", Value: "1" }, { Key: "k", Value: "2" }]).ok, false);
});

test("merging replaces values in place, appends new keys, and stops at 50", () => {
  assert.deepEqual(mergeSecretTags([{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }], [{ Key: "a", Value: "9" }, { Key: "c", Value: "3" }]), {
    ok: true,
    tags: [{ Key: "a", Value: "9" }, { Key: "b", Value: "2" }, { Key: "c", Value: "3" }],
  });
  const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "" }));
  assert.equal(mergeSecretTags(fifty, [{ Key: "k0", Value: "x" }]).ok, true);
  assert.equal(mergeSecretTags(fifty, [{ Key: "k50", Value: "x" }]).ok, false);
});

test("removing ignores keys that are not there", () => {
  assert.deepEqual(removeSecretTags([{ Key: "a", Value: "1" }, { Key: "b", Value: "2" }], ["b", "zz"]), [{ Key: "a", Value: "1" }]);
});
