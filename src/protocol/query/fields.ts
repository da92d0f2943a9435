import { z } from "zod";

/**
 * Query members arrive as strings; these read them as the model's types before the constraints
 * apply, so a bad value gets the same "failed to satisfy constraint" answer as in AWS. A value
 * that does not parse is left as it came, for the schema to refuse.
 */
export function queryInteger(min: number, max: number) {
  return z.preprocess((value) => (typeof value === "string" && /^-?\d{1,12}$/.test(value) ? Number(value) : value), z.number().int().min(min).max(max));
}

export function queryBoolean() {
  return z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean());
}

/** A list; the AWS serialisers send an empty list as the bare name (`TagKeys=`). */
export function queryList<T extends z.ZodType>(item: T, bounds: { min?: number; max: number }) {
  return z.preprocess((value) => (value === "" ? [] : value), z.array(item).min(bounds.min ?? 0).max(bounds.max));
}
