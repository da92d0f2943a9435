import { ServiceError } from "../errors.js";
import type { SecretBytes } from "../secret-bytes.js";
import type { VersionLabels } from "./labels.js";

/**
 * What a new version of a parameter must satisfy: history retention, Type, AllowedPattern, the
 * `{{ }}` rule, DataType. Source: docs/research/ssm-parameter-store-reference.md §2.5, §2.8, §2.11, §4.1.
 */
/** The parameter types (the model's ParameterType enum). */
export type ParameterType = "String" | "StringList" | "SecureString";

export const MAX_VERSIONS = 100;

/**
 * Versions to delete before version n+1 is written: the oldest beyond the 99 that stay. AWS refuses
 * the write, rather than drop a labelled version (model error doc; moto uses the same text).
 */
export function versionsToDrop(versions: readonly VersionLabels[], name: string): readonly number[] {
  const oldestFirst = [...versions].sort((a, b) => a.version - b.version);
  const dropped = oldestFirst.slice(0, Math.max(0, oldestFirst.length - (MAX_VERSIONS - 1)));
  const labelled = dropped.find((entry) => entry.labels.length > 0);
  if (labelled !== undefined) {
    throw new ServiceError(
      "ParameterMaxVersionLimitExceeded",
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${labelled.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    );
  }
  return dropped.map((entry) => entry.version);
}

/** Version numbers keep growing: deleting old versions frees no number. */
export function nextVersion(latest: number | undefined): number {
  return (latest ?? 0) + 1;
}

/** moto's text for a create without Type (AWS's is unverified). */
export const TYPE_REQUIRED_MESSAGE = "A parameter type is required when you create a parameter.";
/** The model's documentation of HierarchyTypeMismatchException. */
export const TYPE_MISMATCH_MESSAGE =
  "Parameter Store doesn't support changing a parameter type in a hierarchy. For example, you can't change a parameter from a String type to a SecureString type. You must create a new, unique parameter.";
/** Strongbox's rule (AWS's answer is unverified): a KeyId on a value that will not be encrypted is a mistake worth telling. */
export const KEY_ID_WITHOUT_SECURE_STRING_MESSAGE = "KeyId can be used only with parameters of type SecureString.";

/** The type of the new version: the request's, or the existing one's on overwrite. A change of type is refused. */
export function resolveType(existing: ParameterType | undefined, requested: ParameterType | undefined, keyId: string | undefined): ParameterType {
  const type = requested ?? existing;
  if (type === undefined) throw new ServiceError("ValidationException", TYPE_REQUIRED_MESSAGE);
  if (existing !== undefined && type !== existing) throw new ServiceError("HierarchyTypeMismatchException", TYPE_MISMATCH_MESSAGE);
  if (keyId !== undefined && type !== "SecureString") throw new ServiceError("ValidationException", KEY_ID_WITHOUT_SECURE_STRING_MESSAGE);
  return type;
}

/**
 * AllowedPattern, compiled to match the whole value (Java's `matches()`: the user guide's
 * `\d{1,4}` refuses `10,000`). AWS's dialect is Java's; Strongbox reads it as JavaScript, with the
 * `u` flag when the pattern allows it (so `\p{L}` works), without it otherwise. An empty pattern
 * is no pattern.
 */
export function compileAllowedPattern(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined || pattern === "") return undefined;
  for (const flags of ["u", ""]) {
    try {
      // Compiled alone first: a pattern such as `a)|(?:.*` must not break out of the wrapping.
      new RegExp(pattern, flags);
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // try the next reading
    }
  }
  throw new ServiceError("InvalidAllowedPatternException", `The allowed pattern is not a valid regular expression: ${pattern}`);
}

/**
 * How a caller's pattern is run: with a deadline (adapters/regex/bounded-matcher.ts), since a
 * backtracking pattern can take exponential time; "timeout" when it ran out.
 */
export type PatternMatch = (pattern: RegExp, text: string) => boolean | "timeout";

/** The user guide's exact CLI output for a value that does not match. The whole value is checked, StringList too. */
export function checkAllowedPattern(pattern: string | undefined, value: SecretBytes, match: PatternMatch): void {
  const compiled = compileAllowedPattern(pattern);
  if (compiled === undefined) return;
  const matches = value.use((bytes) => match(compiled, bytes.toString("utf8")));
  if (matches === "timeout") throw new ServiceError("ValidationException", "The AllowedPattern took too long to check against the value; simplify the pattern.");
  if (!matches) throw new ServiceError("ParameterPatternMismatchException", `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
}

/** AWS's documented rule: a value can't hold `{{...}}` (a reference to another parameter). Text from real reports, unverified here. */
export const NESTED_REFERENCE_MESSAGE = 'Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.';

export function checkNoNestedReference(value: SecretBytes): void {
  // Linear, and on the bytes: no string copy of the value, no regular expression to backtrack.
  const nested = value.use((bytes) => {
    const open = bytes.indexOf("{{");
    return open >= 0 && bytes.indexOf("}}", open + 2) >= 0;
  });
  if (nested) throw new ServiceError("ValidationException", NESTED_REFERENCE_MESSAGE);
}

/** StringList items: split on commas, no escaping [D]. The value is stored verbatim (whether AWS strips spaces is unverified). */
export function stringListItems(value: string): readonly string[] {
  return value.split(",");
}

export const DATA_TYPES = ["text", "aws:ec2:image", "aws:ssm:integration"] as const;
export type DataType = (typeof DATA_TYPES)[number];
/**
 * AMI ids: `ami-` and 8 or 17 lowercase hex digits (AWS's own check is unverified). Strongbox checks
 * the format only, synchronously: it cannot ask EC2 whether the image exists, where AWS validates
 * asynchronously and hides the version until it does.
 */
const AMI_ID = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** The DataType of the new version (`text` when absent or empty), checked against the type and the value. */
export function resolveDataType(requested: string | undefined, type: ParameterType, value: SecretBytes): DataType {
  const dataType = requested === undefined || requested === "" ? "text" : requested;
  if (!(DATA_TYPES as readonly string[]).includes(dataType)) {
    throw new ServiceError("ValidationException", `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
  }
  if (dataType === "aws:ec2:image") {
    if (type !== "String") throw new ServiceError("ValidationException", "Parameters with the aws:ec2:image data type must be of type String.");
    const isAmi = value.use((bytes) => AMI_ID.test(bytes.toString("utf8")));
    if (!isAmi) throw new ServiceError("ValidationException", "The value of an aws:ec2:image parameter must be an AMI ID, such as ami-0123456789abcdef0.");
  }
  if (dataType === "aws:ssm:integration" && type !== "SecureString") {
    throw new ServiceError("ValidationException", "Parameters with the aws:ssm:integration data type must be of type SecureString.");
  }
  return dataType as DataType;
}
