/**
 * ARN-shaped matching, used by the Resource element and the Arn* condition operators. The IAM
 * guide: "Each of the six colon-delimited components of the ARN is checked separately and each
 * can include multi-character match wildcards (*) or single-character match wildcards (?)".
 *
 * AWS does not say what a pattern with fewer than six components means. Here its last component
 * matches the rest of the value, colons included, so `*` matches every ARN and `arn:aws:kms:*`
 * every KMS ARN, as their authors mean; all earlier components still match one component each.
 */
import type { ConditionContext } from "./context.js";
import { resolveTemplate, splitTemplate, type Template } from "./variables.js";
import { matchGlob } from "./wildcard.js";

const ARN_PARTS = 6;

/** A pattern split into its colon-delimited components (one to six). */
export type ArnPattern = readonly Template[];

export function arnPattern(t: Template): ArnPattern {
  return splitTemplate(t, ARN_PARTS);
}

/** Splits a value into exactly `n` parts at its first n-1 colons, or undefined if it has fewer. */
function splitValue(value: string, n: number): string[] | undefined {
  const out: string[] = [];
  let rest = value;
  while (out.length < n - 1) {
    const colon = rest.indexOf(":");
    if (colon < 0) return undefined;
    out.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  out.push(rest);
  return out;
}

/** Case-sensitive. A pattern whose variables cannot be resolved matches nothing. */
export function matchArn(pattern: ArnPattern, value: string, context: ConditionContext): boolean {
  const parts = splitValue(value, pattern.length);
  if (!parts) return false;
  for (let i = 0; i < pattern.length; i++) {
    const glob = resolveTemplate(pattern[i]!, context);
    if (!glob || !matchGlob(glob, parts[i]!)) return false;
  }
  return true;
}
