import { canonicalJson } from "./canonical-json.js";

/** One difference between two configurations: the path of the field, and its value on each side (absent: undefined). */
export interface ConfigChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The fields that differ between two configurations, by dotted path, in key order. Objects are
 * compared field by field; arrays and scalars as whole values (a changed alias list is one change).
 */
export function diffConfigurations(before: unknown, after: unknown, path = ""): ConfigChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffConfigurations(before[key], after[key], path === "" ? key : `${path}.${key}`));
  }
  if (before === undefined && after === undefined) return [];
  if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) return [];
  return [{ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}
