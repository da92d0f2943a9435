import assert from "node:assert/strict";
import { test } from "node:test";
import { checkFilters, matchesFilters, wordsOf } from "./list-filters.js";
import type { Secret } from "./secret.js";

const secret = (name: string, description?: string, tags: { Key: string; Value: string }[] = []): Secret => ({
  arn: `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}-Ab12Cd`,
  accountId: "111122223333",
  region: "us-east-1",
  name,
  ...(description !== undefined ? { description } : {}),
  createdAt: new Date(0),
  lastChangedAt: new Date(0),
  tags,
  stages: new Map(),
  revision: 1,
});

test("name is a case-sensitive prefix (the user guide's examples)", () => {
  const f = [{ Key: "name" as const, Values: ["Data"] }];
  assert.equal(matchesFilters(secret("DatabaseSecret"), f), true);
  assert.equal(matchesFilters(secret("databaseSecret"), f), false);
  assert.equal(matchesFilters(secret("MyData"), f), false);
});

test("tag keys and values are case-sensitive prefixes of any tag", () => {
  const s = secret("x", undefined, [{ Key: "Production", Value: "Prod1" }]);
  assert.equal(matchesFilters(s, [{ Key: "tag-key", Values: ["Prod"] }]), true);
  assert.equal(matchesFilters(s, [{ Key: "tag-key", Values: ["prod"] }]), false);
  assert.equal(matchesFilters(s, [{ Key: "tag-value", Values: ["Prod1"] }]), true);
  assert.equal(matchesFilters(s, [{ Key: "tag-value", Values: ["1 Prod"] }]), false);
});

test("description matches a word prefix, ignoring case; all matches words across attributes", () => {
  const s = secret("credsDatabase#892", "Description of my secret", [{ Key: "team", Value: "payments" }]);
  assert.equal(matchesFilters(s, [{ Key: "description", Values: ["my desc"] }]), false);
  assert.equal(matchesFilters(s, [{ Key: "description", Values: ["DESCRIPTION"] }]), true);
  assert.equal(matchesFilters(s, [{ Key: "description", Values: ["secr"] }]), true);
  assert.equal(matchesFilters(s, [{ Key: "all", Values: ["database 892"] }]), true);
  assert.equal(matchesFilters(s, [{ Key: "all", Values: ["PAY"] }]), true);
  assert.equal(matchesFilters(s, [{ Key: "all", Values: ["creds nothing"] }]), false);
  assert.deepEqual(wordsOf("credsDatabase#892"), ["creds", "database", "892"]);
});

test("values are alternatives, filters all apply, ! negates", () => {
  const a = secret("prod/db");
  const b = secret("dev/db");
  const either = [{ Key: "name" as const, Values: ["prod", "dev"] }];
  assert.deepEqual([a, b].filter((s) => matchesFilters(s, either)).length, 2);
  const notProd = [{ Key: "name" as const, Values: ["!prod"] }];
  assert.deepEqual([a, b].filter((s) => matchesFilters(s, notProd)).map((s) => s.name), ["dev/db"]);
  const both = [{ Key: "name" as const, Values: ["prod"] }, { Key: "name" as const, Values: ["dev"] }];
  assert.deepEqual([a, b].filter((s) => matchesFilters(s, both)), []);
  assert.equal(matchesFilters(a, [{ Key: "primary-region", Values: ["us"] }]), false);
});

test("a filter needs a key and at least one value", () => {
  assert.deepEqual(checkFilters([{ Values: ["x"] }]), { ok: false, message: "Invalid filter key" });
  assert.deepEqual(checkFilters([{ Key: "name" }]), { ok: false, message: "Invalid filter values for key: name" });
  assert.deepEqual(checkFilters([{ Key: "name", Values: ["a"] }]), { ok: true });
});
