import type { SecretTag } from "./secret.js";

/** AWS's tagging limits (the tagging guide): 50 tags a resource; `aws:` keys belong to AWS. */
export const MAX_SECRET_TAGS = 50;

export type TagRefusal = { readonly ok: false; readonly message: string };

/** Tags as a request gives them: each with a key, no key twice, none in the reserved `aws:` space. */
export function requestTags(tags: readonly { readonly Key?: string; readonly Value?: string }[]): { readonly ok: true; readonly tags: SecretTag[] } | TagRefusal {
  const seen = new Set<string>();
  const out: SecretTag[] = [];
  for (const tag of tags) {
    if (tag.Key === undefined || tag.Key === "") return { ok: false, message: "A tag must have a Key." };
    if (tag.Key.toLowerCase().startsWith("aws:")) return { ok: false, message: `Tag keys beginning with aws: are reserved for AWS use: ${tag.Key}` };
    if (seen.has(tag.Key)) return { ok: false, message: `The tag key ${tag.Key} appears more than once in the request.` };
    seen.add(tag.Key);
    out.push({ Key: tag.Key, Value: tag.Value ?? "" });
  }
  return { ok: true, tags: out };
}

/** TagResource: new keys appended, existing keys' values replaced in place; at most 50 in all. */
export function mergeSecretTags(existing: readonly SecretTag[], added: readonly SecretTag[]): { readonly ok: true; readonly tags: SecretTag[] } | TagRefusal {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value);
  if (merged.size > MAX_SECRET_TAGS) return { ok: false, message: `A secret can have at most ${MAX_SECRET_TAGS} tags; this request would give it ${merged.size}.` };
  return { ok: true, tags: [...merged].map(([Key, Value]) => ({ Key, Value })) };
}

/** UntagResource: keys that are not there are ignored. */
export function removeSecretTags(existing: readonly SecretTag[], keys: readonly string[]): SecretTag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.Key));
}
