import { ServiceError } from "../errors.js";
import { parameterKey } from "./names.js";
import type { ParameterType } from "./versions.js";
import type { ParameterTier } from "./tiers.js";

/**
 * ParameterFilters (DescribeParameters, GetParametersByPath), the legacy Filters of
 * DescribeParameters, and the Path of GetParametersByPath: validated into predicates over a
 * parameter's facts. Multiple values of one filter match any (OR); several filters all (AND).
 * Source: docs/research/ssm-parameter-store-reference.md §4.4, §4.7. Filter error texts are moto's
 * (AWS's are unverified); the path texts are real.
 */
export interface ParameterStringFilter {
  readonly Key: string;
  readonly Option?: string;
  readonly Values?: readonly string[];
}
export type ParametersFilterKey = "Name" | "Type" | "KeyId";
export interface ParametersFilter {
  readonly Key: ParametersFilterKey;
  readonly Values: readonly string[];
}
export type FilterOperation = "DescribeParameters" | "GetParametersByPath";

/** What filters look at: the parameter's latest version, its labels on any version, its tags. */
export interface ParameterFacts {
  readonly name: string;
  readonly type: ParameterType;
  readonly keyId?: string;
  readonly tier: ParameterTier;
  readonly dataType: string;
  readonly labels: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}
export type ParameterPredicate = (facts: ParameterFacts) => boolean;

/** Real AWS text (GetParametersByPath, aws-sdk-js-v3#5928); the `\"` are in the message. */
export const INVALID_PATH_MESSAGE =
  'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/". It can\'t be prefixed with \\"aws\\" or \\"ssm\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.';
export const RESERVED_PATH_FILTER_MESSAGE =
  'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.';
export const BOTH_FILTERS_MESSAGE = "You can use either Filters or ParameterFilters in a single request.";

const PATH = /^\/(?:[a-zA-Z0-9_.-]+(?:\/[a-zA-Z0-9_.-]+)*)?$/;

/** Keys each operation accepts, with the options each key accepts (the first is the default). */
const OPTIONS: Readonly<Record<FilterOperation, Readonly<Record<string, readonly string[]>>>> = {
  DescribeParameters: {
    Path: ["OneLevel", "Recursive"],
    Name: ["Equals", "BeginsWith", "Contains"],
    Type: ["Equals", "BeginsWith"],
    KeyId: ["Equals", "BeginsWith"],
    Tier: ["Equals", "BeginsWith"],
    DataType: ["Equals", "BeginsWith"],
    "tag:": ["Equals", "BeginsWith"],
  },
  GetParametersByPath: {
    Type: ["Equals", "BeginsWith"],
    KeyId: ["Equals", "BeginsWith"],
    Label: ["Equals"],
  },
};
const VALUES: Readonly<Record<string, readonly string[]>> = {
  Type: ["String", "StringList", "SecureString"],
  Tier: ["Standard", "Advanced", "Intelligent-Tiering"],
};

/** `/a/b/` is `/a/b`; `/` is the root. Refuses what is not a path with AWS's message. */
export function normalizePath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (!PATH.test(trimmed)) throw new ServiceError("ValidationException", INVALID_PATH_MESSAGE);
  return trimmed;
}

function parentOf(key: string): string {
  return key.slice(0, key.lastIndexOf("/")) || "/";
}

/**
 * GetParametersByPath: the parameters one level below `path`, or every descendant when recursive.
 * The path itself is not below itself. Single-level names (`foo`) are under `/`.
 */
export function pathPredicate(path: string, recursive: boolean): (name: string) => boolean {
  const normalized = normalizePath(path);
  if (recursive) return (name) => normalized === "/" || parameterKey(name).startsWith(`${normalized}/`);
  return (name) => parentOf(parameterKey(name)) === normalized;
}

function keyClass(key: string): string {
  return key.startsWith("tag:") && key.length > 4 ? "tag:" : key;
}

function validKeysText(operation: FilterOperation): string {
  return operation === "DescribeParameters" ? "[Path, Name, Type, KeyId, Tier, DataType, tag:<key>]" : "[Type, KeyId, Label]";
}

/** Checks ParameterFilters for `operation` and returns the predicate they describe (true for none). */
export function parameterFiltersPredicate(operation: FilterOperation, filters: readonly ParameterStringFilter[]): ParameterPredicate {
  const seen = new Set<string>();
  const predicates = filters.map((filter) => {
    const options = OPTIONS[operation][keyClass(filter.Key)];
    if (options === undefined) {
      throw new ServiceError("InvalidFilterKey", `The following filter key is not valid: ${filter.Key}. Valid filter keys include: ${validKeysText(operation)}.`);
    }
    if (seen.has(filter.Key)) {
      throw new ServiceError("InvalidFilterKey", `The following filter is duplicated in the request: ${filter.Key}. A request can contain only one occurrence of a specific filter.`);
    }
    seen.add(filter.Key);
    const option = filter.Option ?? options[0]!;
    if (!options.includes(option)) {
      throw new ServiceError("InvalidFilterOption", `The following filter option is not valid: ${option}. Valid options include: [${[...options].sort().join(", ")}].`);
    }
    const values = filter.Values ?? [];
    if (values.length === 0 && keyClass(filter.Key) !== "tag:") {
      throw new ServiceError("InvalidFilterValue", `The following filter values are missing : null for filter key ${filter.Key}.`);
    }
    const allowed = VALUES[filter.Key];
    const invalid = option === "Equals" && allowed !== undefined ? values.find((value) => !allowed.includes(value)) : undefined;
    if (invalid !== undefined) {
      throw new ServiceError("InvalidFilterValue", `The following filter value is not valid: ${invalid}. Valid values include: [${allowed!.join(", ")}].`);
    }
    return filterPredicate(filter.Key, option, values);
  });
  return (facts) => predicates.every((matches) => matches(facts));
}

function compare(option: string, actual: string | undefined, value: string): boolean {
  if (actual === undefined) return false;
  if (option === "BeginsWith") return actual.startsWith(value);
  if (option === "Contains") return actual.includes(value);
  return actual === value;
}

function filterPredicate(key: string, option: string, values: readonly string[]): ParameterPredicate {
  if (key === "Path") {
    const paths = values.map((value) => {
      if (/^\/?(aws|ssm)/i.test(value)) throw new ServiceError("ValidationException", RESERVED_PATH_FILTER_MESSAGE);
      return pathPredicate(value, option === "Recursive");
    });
    return (facts) => paths.some((inPath) => inPath(facts.name));
  }
  if (key === "Name") {
    // `foo` and `/foo` are one parameter: Equals and BeginsWith compare the slashed forms.
    if (option === "Contains") return (facts) => values.some((value) => facts.name.includes(value));
    return (facts) => values.some((value) => compare(option, parameterKey(facts.name), parameterKey(value)));
  }
  if (key.startsWith("tag:")) {
    const tagKey = key.slice(4);
    if (values.length === 0) return (facts) => Object.hasOwn(facts.tags, tagKey);
    return (facts) => Object.hasOwn(facts.tags, tagKey) && values.some((value) => compare(option, facts.tags[tagKey], value));
  }
  if (key === "Label") return (facts) => values.some((value) => facts.labels.includes(value));
  const field = (facts: ParameterFacts): string | undefined =>
    key === "Type" ? facts.type : key === "KeyId" ? facts.keyId : key === "Tier" ? facts.tier : facts.dataType;
  return (facts) => values.some((value) => compare(option, field(facts), value));
}

/**
 * The legacy `Filters` of DescribeParameters (deprecated): Name matches by prefix (as moto does;
 * AWS's semantics are unverified), Type and KeyId by equality.
 */
export function legacyFiltersPredicate(filters: readonly ParametersFilter[]): ParameterPredicate {
  const predicates = filters.map((filter) => {
    if (filter.Key === "Type") {
      const invalid = filter.Values.find((value) => !VALUES.Type!.includes(value));
      if (invalid !== undefined) throw new ServiceError("InvalidFilterValue", `The following filter value is not valid: ${invalid}. Valid values include: [${VALUES.Type!.join(", ")}].`);
    }
    return filterPredicate(filter.Key, filter.Key === "Name" ? "BeginsWith" : "Equals", filter.Values);
  });
  return (facts) => predicates.every((matches) => matches(facts));
}

/** DescribeParameters takes Filters or ParameterFilters, never both. */
export function describeParametersPredicate(input: { readonly Filters?: readonly ParametersFilter[]; readonly ParameterFilters?: readonly ParameterStringFilter[] }): ParameterPredicate {
  if (input.Filters !== undefined && input.ParameterFilters !== undefined) throw new ServiceError("ValidationException", BOTH_FILTERS_MESSAGE);
  if (input.Filters !== undefined) return legacyFiltersPredicate(input.Filters);
  return parameterFiltersPredicate("DescribeParameters", input.ParameterFilters ?? []);
}
