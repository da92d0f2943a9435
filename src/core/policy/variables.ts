/**
 * Policy variables (policy language 2012-10-17 only; in 2008-10-17 documents `${...}` is
 * literal text, as the IAM guide says). A template is a value from the policy split into literal
 * text, wildcards and variables; resolving it against a request gives a Glob in which every
 * substituted value is literal.
 *
 * Syntax: `${key}`, `${key, 'default'}` (a quote inside the default is written twice), and the
 * escapes `${*}`, `${?}`, `${$}` for a literal `*`, `?`, `$`.
 */
import type { ConditionContext } from "./context.js";
import { anyToken, lit, oneToken, type Glob, type GlobToken } from "./wildcard.js";

export type TemplatePart = GlobToken | { readonly t: "var"; readonly key: string; readonly fallback?: string };
export type Template = readonly TemplatePart[];

export interface TemplateSyntax {
  /** `*` and `?` are wildcards (Resource, *Like and Arn* operators) rather than literal text. */
  readonly wildcards: boolean;
  /** `${...}` is a variable (policy language 2012-10-17). */
  readonly variables: boolean;
}

/** Reports malformed variable syntax; the caller names the statement. */
export class TemplateError extends Error {}

const ESCAPED: Readonly<Record<string, string>> = { "*": "*", "?": "?", $: "$" };
// Condition key names: a vendor prefix, then letters, digits and the punctuation tag keys allow.
const VARIABLE_KEY = /^[A-Za-z0-9-]+:[^\s${}',][^${}',]*$/;

export function parseTemplate(text: string, syntax: TemplateSyntax): Template {
  const out: TemplatePart[] = [];
  let run = "";
  const flush = (): void => {
    if (run) out.push(lit(run));
    run = "";
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (syntax.variables && ch === "$" && text[i + 1] === "{") {
      const { part, end } = readVariable(text, i + 2);
      if (typeof part === "string") run += part;
      else {
        flush();
        out.push(part);
      }
      i = end;
      continue;
    }
    if (syntax.wildcards && (ch === "*" || ch === "?")) {
      flush();
      out.push(ch === "*" ? anyToken() : oneToken());
    } else run += ch;
    i++;
  }
  flush();
  return out;
}

/** Reads the inside of `${...}` starting at `start`; returns literal text for the escapes. */
function readVariable(text: string, start: number): { part: TemplatePart | string; end: number } {
  let i = start;
  while (i < text.length && text[i] !== "}" && text[i] !== ",") i++;
  if (i >= text.length) throw new TemplateError(`unterminated policy variable in "${text}"`);
  const name = text.slice(start, i).trim();
  if (text[i] === "}") {
    const escaped = ESCAPED[name];
    if (escaped !== undefined) return { part: escaped, end: i + 1 };
    return { part: variable(text, name), end: i + 1 };
  }
  // `${key, 'default'}`
  i++;
  while (text[i] === " ") i++;
  if (text[i] !== "'") throw new TemplateError(`the default value of a policy variable must be in single quotes in "${text}"`);
  i++;
  let fallback = "";
  for (;;) {
    if (i >= text.length) throw new TemplateError(`unterminated default value in "${text}"`);
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        fallback += "'";
        i += 2;
        continue;
      }
      i++;
      break;
    }
    fallback += text[i];
    i++;
  }
  while (text[i] === " ") i++;
  if (text[i] !== "}") throw new TemplateError(`unterminated policy variable in "${text}"`);
  return { part: { ...variable(text, name), fallback }, end: i + 1 };
}

function variable(text: string, name: string): { readonly t: "var"; readonly key: string } {
  if (!VARIABLE_KEY.test(name)) throw new TemplateError(`invalid policy variable "\${${name}}" in "${text}"`);
  return { t: "var", key: name.toLowerCase() };
}

export function hasVariables(t: Template): boolean {
  return t.some((p) => p.t === "var");
}

/**
 * Substitutes the variables. A variable resolves only to a single-valued key (IAM: multivalued
 * keys cannot be policy variables); otherwise its default, if any. Returns undefined when a
 * variable cannot be resolved: the caller treats that pattern as matching nothing.
 */
export function resolveTemplate(t: Template, context: ConditionContext): Glob | undefined {
  const out: GlobToken[] = [];
  for (const part of t) {
    if (part.t !== "var") {
      out.push(part);
      continue;
    }
    const values = context.get(part.key);
    if (values !== undefined && values.length === 1) out.push(lit(values[0]!));
    else if (part.fallback !== undefined) out.push(lit(part.fallback));
    else return undefined;
  }
  return out;
}

/**
 * Splits a template at its first `count - 1` literal colons (ARN segments). Colons inside a
 * variable's value never split: substituted text stays inside its segment.
 */
export function splitTemplate(t: Template, maxParts: number): Template[] {
  const parts: TemplatePart[][] = [[]];
  for (const part of t) {
    if (part.t !== "lit") {
      parts[parts.length - 1]!.push(part);
      continue;
    }
    let rest = part.s;
    let colon = rest.indexOf(":");
    while (colon >= 0 && parts.length < maxParts) {
      if (colon > 0) parts[parts.length - 1]!.push(lit(rest.slice(0, colon)));
      parts.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(":");
    }
    if (rest) parts[parts.length - 1]!.push(lit(rest));
  }
  return parts;
}
