import { z } from "zod";
import { ServiceError } from "../core/errors.js";

/**
 * Turns zod issues into AWS's validation answer:
 *   1 validation error detected: Value 'x' at 'keyId' failed to satisfy constraint: Member must ...
 * Wrong JSON types are a SerializationException, as AWS's deserialiser reports them. Values of
 * members marked sensitive (plaintext, ciphertext) are never echoed.
 */
export const SENSITIVE = "sensitive";

type Issue = z.core.$ZodIssue & { input?: unknown };

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues as Issue[];
  const typeIssue = issues.find((i) => i.code === "invalid_type" && i.input !== undefined);
  if (typeIssue !== undefined && typeIssue.code === "invalid_type") {
    throw new ServiceError("SerializationException", `Expected ${describeExpected(typeIssue.expected)} at '${awsPath(typeIssue.path)}'.`);
  }
  const messages = issues.map(describeIssue);
  const count = messages.length === 1 ? "1 validation error detected" : `${messages.length} validation errors detected`;
  throw new ServiceError("ValidationException", `${count}: ${messages.join("; ")}`);
}

function describeExpected(expected: string): string {
  return expected === "int" ? "an integer" : expected === "object" || expected === "record" ? "a JSON object" : expected === "array" ? "a JSON list" : `a ${expected}`;
}

/** AWS names members lowerCamelCase and list entries `<list>.<n>.member`. */
export function awsPath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const segment of path) {
    if (typeof segment === "number") parts.push(`${segment + 1}.member`);
    else {
      const name = String(segment);
      parts.push(name.charAt(0).toLowerCase() + name.slice(1));
    }
  }
  return parts.join(".");
}

function describeValue(issue: Issue): string {
  if (issue.input === undefined || issue.input === null) return "Value null";
  if (issue.code === "custom" && issue.params?.[SENSITIVE] === true) return "Value";
  if (typeof issue.input === "string") return `Value '${issue.input.length > 256 ? `${issue.input.slice(0, 256)}...` : issue.input}'`;
  if (typeof issue.input === "number" || typeof issue.input === "boolean") return `Value '${issue.input}'`;
  return "Value";
}

function describeConstraint(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return "Member must not be null";
    case "too_small":
      return issue.origin === "number" || issue.origin === "int" ? `Member must have value greater than or equal to ${issue.minimum}` : `Member must have length greater than or equal to ${issue.minimum}`;
    case "too_big":
      return issue.origin === "number" || issue.origin === "int" ? `Member must have value less than or equal to ${issue.maximum}` : `Member must have length less than or equal to ${issue.maximum}`;
    case "invalid_format":
      return `Member must satisfy regular expression pattern: ${issue.format === "regex" && "pattern" in issue ? String(issue.pattern).replace(/^\/|\/[a-z]*$/g, "") : issue.format}`;
    case "invalid_value":
      return `Member must satisfy enum value set: [${issue.values.join(", ")}]`;
    default:
      return issue.message;
  }
}

function describeIssue(issue: Issue): string {
  return `${describeValue(issue)} at '${awsPath(issue.path)}' failed to satisfy constraint: ${describeConstraint(issue)}`;
}
