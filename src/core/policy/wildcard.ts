/**
 * Wildcard patterns as IAM uses them: `*` matches any run of characters (also none), `?` exactly
 * one. Patterns are token lists, not strings, so that text substituted from a policy variable or a
 * `${*}` escape stays literal even when it contains `*` or `?` (a caller-controlled value such as
 * an encryption context entry must never turn into a wildcard).
 */
export type GlobToken = { readonly t: "lit"; readonly s: string } | { readonly t: "any" } | { readonly t: "one" };
export type Glob = readonly GlobToken[];

const ANY_TOKEN: GlobToken = Object.freeze({ t: "any" });
const ONE_TOKEN: GlobToken = Object.freeze({ t: "one" });

export function lit(s: string): GlobToken {
  return { t: "lit", s };
}

/** Reads `*` and `?` in `pattern` as wildcards. */
export function globFromPattern(pattern: string): Glob {
  const out: GlobToken[] = [];
  let run = "";
  for (const ch of pattern) {
    if (ch === "*" || ch === "?") {
      if (run) out.push(lit(run));
      run = "";
      out.push(ch === "*" ? ANY_TOKEN : ONE_TOKEN);
    } else run += ch;
  }
  if (run) out.push(lit(run));
  return out;
}

export const anyToken = (): GlobToken => ANY_TOKEN;
export const oneToken = (): GlobToken => ONE_TOKEN;

const ANY = Symbol("any");
const ONE = Symbol("one");

/**
 * Greedy matching with one backtrack point: linear in practice and O(pattern × value) at worst,
 * never exponential (a regular expression built from a policy could be made to backtrack badly).
 * Characters are Unicode code points, so `?` matches one whole character.
 */
export function matchGlob(glob: Glob, value: string, ignoreCase = false): boolean {
  const p: (string | typeof ANY | typeof ONE)[] = [];
  for (const tok of glob) {
    if (tok.t === "lit") for (const ch of ignoreCase ? tok.s.toLowerCase() : tok.s) p.push(ch);
    else if (tok.t === "any") {
      if (p[p.length - 1] !== ANY) p.push(ANY);
    } else p.push(ONE);
  }
  const v = Array.from(ignoreCase ? value.toLowerCase() : value);
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pi < p.length && (pc === ONE || pc === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && pc === ANY) {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else return false;
  }
  while (p[pi] === ANY) pi++;
  return pi === p.length;
}
