/**
 * The condition operators, one table. Each entry compiles one policy value into a test of one
 * request value; negation, IfExists and the ForAnyValue/ForAllValues qualifiers are applied
 * uniformly by conditions.ts. Policy variables are allowed only with the String and Arn
 * operators (IAM guide: "You can't use a policy variable with ... Numeric, Date, Boolean,
 * Binary, IP Address, or Null operators"), so elsewhere `${` is just text and fails to parse as
 * a number, date, etc.
 */
import { matchArn, arnPattern } from "./arn.js";
import type { ConditionContext } from "./context.js";
import { cidrContains, parseCidr, parseIp } from "./ip.js";
import { bytesEqual, compareDecimal, parseBase64, parseBool, parseDate, parseDecimal } from "./values.js";
import { parseTemplate, resolveTemplate, TemplateError } from "./variables.js";
import { matchGlob } from "./wildcard.js";

/** Whether one request value matches one policy value (before any negation). */
export type ValueMatcher = (requestValue: string, context: ConditionContext) => boolean;

export type OperatorSpec =
  | {
      readonly kind: "compare";
      /** Negated operators hold when the request value matches none of the policy values. */
      readonly negated: boolean;
      /** Compiles one policy value, or returns why it is not a valid value for the operator. */
      readonly compile: (policyValue: string, variables: boolean) => ValueMatcher | string;
    }
  | { readonly kind: "null" };

type Compile = (policyValue: string, variables: boolean) => ValueMatcher | string;

const string =
  (ignoreCase: boolean, wildcards: boolean): Compile =>
  (value, variables) => {
    const template = parseTemplate(value, { wildcards, variables });
    return (request, context) => {
      const glob = resolveTemplate(template, context);
      return glob !== undefined && matchGlob(glob, request, ignoreCase);
    };
  };

const arn: Compile = (value, variables) => {
  const pattern = arnPattern(parseTemplate(value, { wildcards: true, variables }));
  return (request, context) => matchArn(pattern, request, context);
};

const numeric =
  (holds: (cmp: number) => boolean): Compile =>
  (value) => {
    const policy = parseDecimal(value);
    if (!policy) return `"${value}" is not a decimal number`;
    return (request) => {
      const r = parseDecimal(request);
      return r !== undefined && holds(compareDecimal(r, policy));
    };
  };

const date =
  (holds: (cmp: number) => boolean): Compile =>
  (value) => {
    const policy = parseDate(value);
    if (policy === undefined) return `"${value}" is not an ISO 8601 date or epoch seconds`;
    return (request) => {
      const r = parseDate(request);
      return r !== undefined && holds(Math.sign(r - policy));
    };
  };

const bool: Compile = (value) => {
  const policy = parseBool(value);
  if (policy === undefined) return `"${value}" is not "true" or "false"`;
  return (request) => parseBool(request) === policy;
};

const binary: Compile = (value) => {
  const policy = parseBase64(value);
  if (!policy) return `"${value}" is not base64`;
  return (request) => {
    const r = parseBase64(request);
    return r !== undefined && bytesEqual(r, policy);
  };
};

const ip: Compile = (value) => {
  const range = parseCidr(value);
  if (!range) return `"${value}" is not an IPv4 or IPv6 address or CIDR range`;
  return (request) => {
    const addr = parseIp(request);
    return addr !== undefined && cidrContains(range, addr);
  };
};

const eq = (c: number): boolean => c === 0;
const lt = (c: number): boolean => c < 0;
const le = (c: number): boolean => c <= 0;
const gt = (c: number): boolean => c > 0;
const ge = (c: number): boolean => c >= 0;

const op = (compile: Compile, negated = false): OperatorSpec => ({ kind: "compare", negated, compile: guard(compile) });

/** Variable syntax errors surface as the value's error message. */
function guard(compile: Compile): Compile {
  return (value, variables) => {
    try {
      return compile(value, variables);
    } catch (e) {
      if (e instanceof TemplateError) return e.message;
      throw e;
    }
  };
}

const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["StringEquals", op(string(false, false))],
  ["StringNotEquals", op(string(false, false), true)],
  ["StringEqualsIgnoreCase", op(string(true, false))],
  ["StringNotEqualsIgnoreCase", op(string(true, false), true)],
  ["StringLike", op(string(false, true))],
  ["StringNotLike", op(string(false, true), true)],
  // "The ArnEquals and ArnLike condition operators behave identically."
  ["ArnEquals", op(arn)],
  ["ArnLike", op(arn)],
  ["ArnNotEquals", op(arn, true)],
  ["ArnNotLike", op(arn, true)],
  ["NumericEquals", op(numeric(eq))],
  ["NumericNotEquals", op(numeric(eq), true)],
  ["NumericLessThan", op(numeric(lt))],
  ["NumericLessThanEquals", op(numeric(le))],
  ["NumericGreaterThan", op(numeric(gt))],
  ["NumericGreaterThanEquals", op(numeric(ge))],
  ["DateEquals", op(date(eq))],
  ["DateNotEquals", op(date(eq), true)],
  ["DateLessThan", op(date(lt))],
  ["DateLessThanEquals", op(date(le))],
  ["DateGreaterThan", op(date(gt))],
  ["DateGreaterThanEquals", op(date(ge))],
  ["Bool", op(bool)],
  ["BinaryEquals", op(binary)],
  ["IpAddress", op(ip)],
  ["NotIpAddress", op(ip, true)],
  ["Null", { kind: "null" }],
]);

/** Operator names are matched exactly as AWS documents them. */
export function lookupOperator(name: string): OperatorSpec | undefined {
  return OPERATORS.get(name);
}
