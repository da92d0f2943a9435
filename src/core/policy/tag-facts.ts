/**
 * The tag condition keys, built one way for every service: IAM, Secrets Manager and Parameter
 * Store name a tag's parts Key and Value (KMS's TagKey/TagValue are mapped by its caller).
 * Objects without a prototype: a tag key is data, never a property of Object.prototype.
 */
export interface TagPair {
  readonly Key: string;
  readonly Value?: string;
}

/** aws:RequestTag/<key> and aws:TagKeys, for a request that sets these tags. */
export function requestTagFacts(tags: readonly TagPair[]): Record<string, string | readonly string[]> {
  const facts = Object.create(null) as Record<string, string | readonly string[]>;
  for (const tag of tags) facts[`aws:RequestTag/${tag.Key}`] = tag.Value ?? "";
  facts["aws:TagKeys"] = tags.map((t) => t.Key);
  return facts;
}

/** aws:ResourceTag/<key>, and the service's own name for it (`iam:ResourceTag`, `secretsmanager:ResourceTag`, `ssm:resourceTag`). */
export function resourceTagFacts(tags: readonly TagPair[] | undefined, servicePrefix: string): Record<string, string> {
  const facts = Object.create(null) as Record<string, string>;
  for (const tag of tags ?? []) {
    facts[`aws:ResourceTag/${tag.Key}`] = tag.Value ?? "";
    facts[`${servicePrefix}/${tag.Key}`] = tag.Value ?? "";
  }
  return facts;
}
