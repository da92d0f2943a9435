import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { test } from "node:test";
import { Barrier } from "./barrier.js";
import { openBox, sealBox, sealedBoxKeyVersion } from "./sealed-box.js";
import { SecretBytes } from "./secret-bytes.js";

const key = () => SecretBytes.copyOf(Buffer.alloc(32, 1));

test("sealed box, format 1: header layout (docs/formats.md)", () => {
  const box = sealBox(key(), 7, Buffer.alloc(12, 0xaa), SecretBytes.copyOf(Buffer.from("x")), "table/id/1");
  assert.equal(box.subarray(0, 17).toString("hex"), "01" + "00000007" + "aa".repeat(12));
  assert.equal(box.length, 17 + 1 + 16);
  assert.equal(sealedBoxKeyVersion(box), 7);
  // The whole box is pinned: AAD = header || identity; recomputed here from docs/formats.md alone.
  const cipher = createCipheriv("aes-256-gcm", Buffer.alloc(32, 1), Buffer.alloc(12, 0xaa)).setAAD(Buffer.concat([box.subarray(0, 17), Buffer.from("table/id/1")]));
  assert.equal(box.subarray(17).toString("hex"), Buffer.concat([cipher.update("x"), cipher.final(), cipher.getAuthTag()]).toString("hex"));
  assert.equal(box.subarray(17).toString("hex"), "7502b01a2db9376d3ed7d44d353d3d24c2");
});

test("a box opens only with its key and under its identity", () => {
  const box = sealBox(key(), 1, Buffer.alloc(12, 2), SecretBytes.copyOf(Buffer.from("secret")), "kms/key-material/a");
  assert.equal(openBox(key(), box, "kms/key-material/a")!.use((b) => b.toString()), "secret");
  assert.equal(openBox(key(), box, "kms/key-material/b"), undefined, "copied to another row, it does not open");
  assert.equal(openBox(SecretBytes.copyOf(Buffer.alloc(32, 2)), box, "kms/key-material/a"), undefined);
  const flipped = Buffer.from(box);
  flipped[3]! ^= 1;
  assert.equal(openBox(key(), flipped, "kms/key-material/a"), undefined, "the header is authenticated");
});

test("the barrier seals with its newest term, opens every term, and forgets them when wiped", () => {
  let counter = 0;
  const random = (n: number) => Buffer.alloc(n, ++counter);
  const old = new Barrier(new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 1))]]), random);
  const boxFromTerm1 = old.seal(SecretBytes.copyOf(Buffer.from("one")), "id");
  const terms = new Map([[1, SecretBytes.copyOf(Buffer.alloc(32, 1))], [2, SecretBytes.copyOf(Buffer.alloc(32, 2))]]);
  const barrier = new Barrier(terms, random);
  const boxFromTerm2 = barrier.seal(SecretBytes.copyOf(Buffer.from("two")), "id");
  assert.equal(sealedBoxKeyVersion(boxFromTerm2), 2);
  assert.equal(barrier.open(boxFromTerm1, "id")!.use((b) => b.toString()), "one");
  assert.equal(barrier.open(boxFromTerm2, "id")!.use((b) => b.toString()), "two");
  barrier.wipe();
  assert.ok([...terms.values()].every((t) => t.disposed));
  assert.equal(barrier.open(boxFromTerm2, "id"), undefined);
});
