import type { Filter } from "./operations.js";
import type { Secret } from "./secret.js";

/**
 * ListSecrets' and BatchGetSecretValue's Filters (docs/research/secrets-manager-reference.md §4):
 * `name`, `tag-key` and `tag-value` match a case-sensitive prefix; `description` a case-insensitive
 * prefix of one of its words; `all` each word of the value against the words of the name,
 * description and tags, case-insensitively. A value starting with `!` matches what the rest does
 * not. Values of one filter are alternatives; separate filters must all match.
 */
export type FilterCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

export function checkFilters(filters: readonly Filter[]): FilterCheck {
  for (const filter of filters) {
    if (filter.Key === undefined) return { ok: false, message: "Invalid filter key" };
    if (filter.Values === undefined || filter.Values.length === 0) return { ok: false, message: `Invalid filter values for key: ${filter.Key}` };
  }
  return { ok: true };
}

/** Splits text into words at spaces and punctuation, at a lower-to-upper case change, and between letters and digits. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])([0-9])/g, "$1 $2")
    .replace(/([0-9])([A-Za-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

function matchesValue(secret: Secret, key: NonNullable<Filter["Key"]>, value: string): boolean {
  const tags = secret.tags ?? [];
  switch (key) {
    case "name":
      return secret.name.startsWith(value);
    case "description": {
      const wanted = value.toLowerCase();
      const description = (secret.description ?? "").toLowerCase();
      return description.startsWith(wanted) || description.split(/\s+/).some((word) => word.startsWith(wanted));
    }
    case "tag-key":
      return tags.some((t) => t.Key.startsWith(value));
    case "tag-value":
      return tags.some((t) => t.Value.startsWith(value));
    case "primary-region":
    case "owning-service":
      // No secret here is replicated or managed by another service.
      return false;
    case "all": {
      const haystack = [secret.name, secret.description ?? "", ...tags.flatMap((t) => [t.Key, t.Value])].flatMap(wordsOf);
      const words = wordsOf(value);
      return words.length > 0 && words.every((word) => haystack.some((h) => h.startsWith(word)));
    }
  }
}

function matchesFilter(secret: Secret, filter: Filter): boolean {
  const values = filter.Values ?? [];
  const positive = values.filter((v) => !v.startsWith("!"));
  const negative = values.filter((v) => v.startsWith("!")).map((v) => v.slice(1));
  const key = filter.Key!;
  if (negative.some((v) => matchesValue(secret, key, v))) return false;
  return positive.length === 0 || positive.some((v) => matchesValue(secret, key, v));
}

export function matchesFilters(secret: Secret, filters: readonly Filter[]): boolean {
  return filters.every((filter) => matchesFilter(secret, filter));
}
