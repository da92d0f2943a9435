export interface Tag {
  readonly TagKey: string;
  readonly TagValue: string;
}

/** Applies TagResource semantics: a new value for an existing key replaces it in place. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const tag of added) merged.set(tag.TagKey, tag.TagValue);
  return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.TagKey));
}
