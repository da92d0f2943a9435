import assert from "node:assert/strict";
import { test } from "node:test";
import { requestTagFacts, resourceTagFacts } from "./tag-facts.js";

test("request facts name every tag; resource facts carry the service's own name too; keys never touch Object.prototype", () => {
  assert.deepEqual({ ...requestTagFacts([{ Key: "a", Value: "1" }, { Key: "b" }]) }, { "aws:RequestTag/a": "1", "aws:RequestTag/b": "", "aws:TagKeys": ["a", "b"] });
  assert.deepEqual({ ...resourceTagFacts([{ Key: "team", Value: "x" }], "ssm:resourceTag") }, { "aws:ResourceTag/team": "x", "ssm:resourceTag/team": "x" });
  assert.deepEqual({ ...resourceTagFacts(undefined, "iam:ResourceTag") }, {});
  assert.equal(Object.getPrototypeOf(requestTagFacts([])), null);
});
