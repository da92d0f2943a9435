import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { awsPath, parseInput } from "./validation.js";

test("member paths are lowerCamelCase with 1-based list members", () => {
  assert.equal(awsPath(["KeyId"]), "keyId");
  assert.equal(awsPath(["Tags", 0, "TagKey"]), "tags.1.member.tagKey");
});

test("constraint messages follow AWS's wording", () => {
  const schema = z.object({ KeyId: z.string().min(1), Limit: z.number().int().max(10).optional(), Spec: z.enum(["A", "B"]).optional(), Name: z.string().regex(/^[a-z]+$/).optional() });
  const message = (input: unknown) => {
    try {
      parseInput(schema, input);
      return "ok";
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  assert.equal(message({ KeyId: "k" }), "ok");
  assert.equal(message({}), "ValidationException: 1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
  assert.equal(
    message({ KeyId: "", Limit: 11 }),
    "ValidationException: 2 validation errors detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '11' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10",
  );
  assert.equal(message({ KeyId: "k", Spec: "C" }), "ValidationException: 1 validation error detected: Value 'C' at 'spec' failed to satisfy constraint: Member must satisfy enum value set: [A, B]");
  assert.equal(message({ KeyId: "k", Name: "A1" }), "ValidationException: 1 validation error detected: Value 'A1' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$");
  assert.match(message({ KeyId: 5 }), /^SerializationException: /);
  assert.match(message({ KeyId: "k", Limit: 1.5 }), /^SerializationException: /);
});
