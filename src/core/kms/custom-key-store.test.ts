import assert from "node:assert/strict";
import { test } from "node:test";
import { customKeyStoreIdFromRandom, parseClusterDirectory, passwordIdentity, tokenKeyName } from "./custom-key-store.js";

test("the cluster map: cluster ids of AWS's length, a library and a token label each", () => {
  const map = parseClusterDirectory({ "cluster-1a23b4cdefg": { library: "/lib/p11.so", tokenLabel: "kms" } });
  assert.deepEqual(map.get("cluster-1a23b4cdefg"), { library: "/lib/p11.so", tokenLabel: "kms" });
  assert.throws(() => parseClusterDirectory([]), /JSON object/);
  assert.throws(() => parseClusterDirectory({ "cluster-short": { library: "/x", tokenLabel: "t" } }), /11 to 16/);
  assert.throws(() => parseClusterDirectory({ "cluster-1a23b4cdefg": { tokenLabel: "t" } }), /library/);
  assert.throws(() => parseClusterDirectory({ "cluster-1a23b4cdefg": { library: "/x", tokenLabel: "t".repeat(33) } }), /tokenLabel/);
});

test("store ids, password identities and token key names", () => {
  assert.equal(customKeyStoreIdFromRandom(Buffer.from("0123456789abcdef01", "hex")), "cks-0123456789abcdef0");
  assert.equal(passwordIdentity({ accountId: "111122223333", region: "us-east-1", id: "cks-1" }), "kms/custom-key-store-password/111122223333/us-east-1/cks-1");
  const name = tokenKeyName("1234abcd-12ab-34cd-56ef-1234567890ab", "ab".repeat(32));
  assert.equal(name.label, "1234abcd-12ab-34cd-56ef-1234567890ab/" + "ab".repeat(32));
  assert.equal(name.id.length, 32);
});
