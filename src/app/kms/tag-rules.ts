import { ServiceError } from "../../core/errors.js";
import { requestTagFacts as tagFacts } from "../../core/policy/tag-facts.js";
import { mergeTags, type Tag } from "../../core/kms/tags.js";

/** AWS KMS allows 50 tags per key. */
export const MAX_TAGS_PER_KEY = 50;

/** TagResource / CreateKey tag rules: no duplicates in one request, no `aws:` keys, at most 50 in all. */
export function validateNewTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const tag of added) {
    if (seen.has(tag.TagKey)) throw new ServiceError("TagException", `Duplicate tag keys: the request names the tag key '${tag.TagKey}' more than once.`);
    seen.add(tag.TagKey);
    // Policies read aws:ResourceTag/<key> without regard to case, so "Env" and "env" on one key
    // would be one condition key with two values: refused, as AWS advises against them anyway.
    const twin = [...existing, ...added].find((other) => other.TagKey !== tag.TagKey && other.TagKey.toLowerCase() === tag.TagKey.toLowerCase());
    if (twin !== undefined) throw new ServiceError("TagException", `Tag keys that differ only in case are not supported: '${twin.TagKey}' and '${tag.TagKey}'.`);
    if (tag.TagKey.toLowerCase().startsWith("aws:")) throw new ServiceError("TagException", "Tags beginning with aws: are reserved.");
  }
  const merged = mergeTags(existing, added);
  if (merged.length > MAX_TAGS_PER_KEY) {
    // TagException, not LimitExceededException: the SDKs retry the latter as throttling.
    throw new ServiceError("TagException", `Too many tags: a KMS key can have at most ${MAX_TAGS_PER_KEY} tags.`);
  }
  return merged;
}

/** aws:RequestTag/<k> and aws:TagKeys for a request that adds tags. */
export function requestTagFacts(tags: readonly Tag[]): Record<string, string | readonly string[]> {
  return tagFacts(tags.map((t) => ({ Key: t.TagKey, Value: t.TagValue })));
}
