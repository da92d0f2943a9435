/**
 * Parsing and validating a policy document: a KMS key policy, an IAM identity (inline) policy or
 * a role trust policy. Everything a statement needs at evaluation time is compiled here, so a
 * stored policy that parses can always be evaluated, and a malformed one is refused when it is
 * written (MalformedPolicyDocumentException), never discovered at request time.
 */
import { arnPattern, type ArnPattern } from "./arn.js";
import { parseConditions, type ConditionClause } from "./conditions.js";
import { PolicySyntaxError } from "./errors.js";
import { isJsonObject, JsonSyntaxError, parseJson, type JsonObject, type JsonValue } from "./json.js";
import { parsePrincipal, type PrincipalEntry } from "./principal.js";
import { requiredVariables } from "./required-variables.js";
import { parseTemplate, TemplateError } from "./variables.js";
import { globFromPattern, type Glob } from "./wildcard.js";

/** KMS key policy | IAM inline (identity) policy | role trust policy. */
/** "resource": the resource-based policy of something other than a KMS key (a secret). */
export type PolicyKind = "key" | "identity" | "trust" | "resource";
export type PolicyVersion = "2012-10-17" | "2008-10-17";

export interface ActionPattern {
  readonly text: string;
  /** Lower-cased: actions match case-insensitively. */
  readonly glob: Glob;
}

export interface ResourcePattern {
  readonly text: string;
  readonly arn: ArnPattern;
}

export interface PolicyStatement {
  /** 0-based position in the Statement array. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly principal?: readonly PrincipalEntry[];
  readonly notPrincipal?: readonly PrincipalEntry[];
  readonly action?: readonly ActionPattern[];
  readonly notAction?: readonly ActionPattern[];
  /** Neither Resource nor NotResource (allowed in trust policies only): every resource. */
  readonly resource?: readonly ResourcePattern[];
  readonly notResource?: readonly ResourcePattern[];
  readonly conditions: readonly ConditionClause[];
  /** Policy variables the statement uses without a default (lower-cased): see required-variables.ts. */
  readonly requiredVariables: readonly string[];
}

export interface ParsedPolicy {
  readonly kind: PolicyKind;
  /** An absent Version means 2008-10-17: no policy variables. */
  readonly version: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
}

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
// IAM: "Statement IDs (SID) must be alpha-numeric"; KMS key policies allow spaces and more
// (the default key policy's Sid is "Enable IAM User Permissions").
const IAM_SID = /^[0-9A-Za-z]*$/;
const ACTION = /^[A-Za-z0-9-]+:[^\s:]+$/;

/** 'statement "Sid"' or 'Statement[3]', for messages and decision explanations. */
export function describeStatement(s: Pick<PolicyStatement, "index" | "sid">): string {
  return s.sid ? `statement "${s.sid}"` : `Statement[${s.index}]`;
}

export function parsePolicy(text: string, kind: PolicyKind): ParsedPolicy {
  let doc: JsonValue;
  try {
    doc = parseJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new PolicySyntaxError(`Syntax errors in policy. The policy is not valid JSON: ${e.message}.`);
    throw e;
  }
  if (!isJsonObject(doc)) throw new PolicySyntaxError("Syntax errors in policy. The policy must be a JSON object.");
  for (const key of doc.keys()) if (!TOP_LEVEL.has(key)) throw new PolicySyntaxError(`Syntax errors in policy. Unknown field "${key}"; a policy has Version, Id and Statement.`);

  const rawVersion = doc.get("Version");
  if (rawVersion !== undefined && rawVersion !== "2012-10-17" && rawVersion !== "2008-10-17") {
    throw new PolicySyntaxError(`The policy has an unsupported Version ${JSON.stringify(toPlain(rawVersion))}; use "2012-10-17".`);
  }
  const version: PolicyVersion = rawVersion ?? "2008-10-17";

  const rawId = doc.get("Id");
  if (rawId !== undefined && typeof rawId !== "string") throw new PolicySyntaxError("Syntax errors in policy. Id must be a string.");

  const rawStatements = doc.get("Statement");
  if (rawStatements === undefined) throw new PolicySyntaxError("Missing required field Statement.");
  const list = Array.isArray(rawStatements) ? (rawStatements as readonly JsonValue[]) : [rawStatements];
  if (list.length === 0) throw new PolicySyntaxError("Syntax errors in policy. Statement must not be an empty array.");

  const statements = list.map((raw, index) => parseStatement(raw, index, kind, version));
  const seen = new Set<string>();
  for (const s of statements) {
    if (s.sid === undefined) continue;
    if (seen.has(s.sid)) throw new PolicySyntaxError(`The Statement Ids in the policy are not unique: "${s.sid}" appears twice.`);
    seen.add(s.sid);
  }
  return { kind, version, ...(rawId !== undefined ? { id: rawId } : {}), statements };
}

function parseStatement(raw: JsonValue, index: number, kind: PolicyKind, version: PolicyVersion): PolicyStatement {
  let where = `Statement[${index}]`;
  const fail = (message: string): never => {
    throw new PolicySyntaxError(`${message} (${where})`);
  };
  if (!isJsonObject(raw)) return fail("Syntax errors in policy. Each statement must be a JSON object.");

  const sid = raw.get("Sid");
  if (sid !== undefined) {
    if (typeof sid !== "string") fail("Syntax errors in policy. Sid must be a string.");
    if (kind !== "key" && !IAM_SID.test(sid as string)) fail("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
    where = describeStatement({ index, sid: sid as string });
  }
  for (const key of raw.keys()) if (!STATEMENT_KEYS.has(key)) fail(`Syntax errors in policy. Unknown field "${key}" in a statement.`);

  const effect = raw.get("Effect");
  if (effect === undefined) fail("Missing required field Effect.");
  if (effect !== "Allow" && effect !== "Deny") fail(`Invalid effect: ${JSON.stringify(toPlain(effect!))}. Effect must be "Allow" or "Deny".`);

  const principal = principalOf(raw, kind, effect as "Allow" | "Deny", fail, where);
  const action = exactlyOne(raw, "Action", "NotAction", fail);
  if (!action) fail("Policy statement must contain actions.");
  const resource = exactlyOne(raw, "Resource", "NotResource", fail);
  if (!resource && kind !== "trust") fail("Policy statement must contain resources.");

  const actions = stringList(action!.value, action!.name, fail).map((text) => {
    if (text !== "*" && !ACTION.test(text)) fail(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid action: "${text}".`);
    return { text, glob: globFromPattern(text.toLowerCase()) };
  });
  const resources = resource
    ? stringList(resource.value, resource.name, fail).map((text) => {
        if (text !== "*" && !text.startsWith("arn:")) fail(`Resource ${text} must be in ARN format or "*".`);
        try {
          return { text, arn: arnPattern(parseTemplate(text, { wildcards: true, variables: version === "2012-10-17" })) };
        } catch (e) {
          if (e instanceof TemplateError) return fail(`Invalid Resource: ${e.message}.`);
          throw e;
        }
      })
    : undefined;
  const condition = raw.get("Condition");
  const conditions = condition === undefined ? [] : parseConditions(condition, where, version === "2012-10-17");

  const body = {
    ...(resource ? (resource.name === "Resource" ? { resource: resources } : { notResource: resources }) : {}),
    conditions,
  };
  return {
    index,
    ...(sid !== undefined ? { sid: sid as string } : {}),
    effect: effect as "Allow" | "Deny",
    ...principal,
    ...(action!.name === "Action" ? { action: actions } : { notAction: actions }),
    ...body,
    requiredVariables: version === "2012-10-17" ? requiredVariables(body) : [],
  };
}

type Fail = (message: string) => never;

function principalOf(raw: JsonObject, kind: PolicyKind, effect: "Allow" | "Deny", fail: Fail, where: string): Pick<PolicyStatement, "principal" | "notPrincipal"> {
  if (kind === "identity") {
    // IAM's wording for a Principal in an identity-based policy.
    for (const name of ["Principal", "NotPrincipal"]) if (raw.has(name)) fail(`Has prohibited field ${name}.`);
    return {};
  }
  const chosen = exactlyOne(raw, "Principal", "NotPrincipal", fail);
  if (!chosen) return fail("Missing required field Principal.");
  if (chosen.name === "NotPrincipal") {
    // IAM guide: "You cannot use the NotPrincipal element in an IAM identity-based policy nor in
    // an IAM role trust policy" and "NotPrincipal must be used with "Effect":"Deny"".
    if (kind === "trust") fail("Has prohibited field NotPrincipal.");
    if (effect !== "Deny") fail('NotPrincipal must be used with "Effect": "Deny".');
    return { notPrincipal: parsePrincipal(chosen.value, where) };
  }
  return { principal: parsePrincipal(chosen.value, where) };
}

function exactlyOne(raw: JsonObject, a: string, b: string, fail: Fail): { name: string; value: JsonValue } | undefined {
  const va = raw.get(a);
  const vb = raw.get(b);
  if (va !== undefined && vb !== undefined) fail(`Syntax errors in policy. A statement has either ${a} or ${b}, not both.`);
  if (va !== undefined) return { name: a, value: va };
  if (vb !== undefined) return { name: b, value: vb };
  return undefined;
}

function stringList(value: JsonValue, name: string, fail: Fail): string[] {
  const list = Array.isArray(value) ? (value as readonly JsonValue[]) : [value];
  if (list.length === 0) fail(`Syntax errors in policy. ${name} must not be an empty array.`);
  return list.map((v) => (typeof v === "string" && v.length > 0 ? v : fail(`Syntax errors in policy. ${name} must be a non-empty string or an array of them.`)));
}

/** For messages: a JSON value shown the way the author wrote it. */
function toPlain(v: JsonValue): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)]));
  if (Array.isArray(v)) return (v as readonly JsonValue[]).map(toPlain);
  if (typeof v === "object" && v !== null) return Number((v as { text: string }).text);
  return v;
}
