import { ServiceError } from "../../core/errors.js";
import { parseExistingName } from "../../core/parameters/names.js";
import type { ParameterTag, TaggableResourceType } from "../../core/parameters/operations.js";

/** "Most resources can have a maximum of 50 tags" [D AddTagsToResource]. */
export const MAX_TAGS = 50;

/** Strongbox tags parameters only; the other resource types of the model are not served (AWS's text unverified). */
export function parameterResourceName(resourceType: TaggableResourceType, resourceId: string): string {
  if (resourceType !== "Parameter") throw new ServiceError("InvalidResourceType", `Strongbox serves only parameters; the resource type ${resourceType} is not supported.`);
  try {
    return parseExistingName(resourceId);
  } catch {
    throw invalidResourceId();
  }
}

/** The model's InvalidResourceId has no members; the text is Strongbox's. */
export function invalidResourceId(): ServiceError {
  return new ServiceError("InvalidResourceId", "The resource ID is not valid. Verify that you entered the correct ID and try again.");
}

export function tooManyTags(): ServiceError {
  return new ServiceError("TooManyTagsError", `A parameter can have at most ${MAX_TAGS} tags.`);
}

/** Adds or overwrites keys, keeping the order tags were first added in. */
export function mergeTags(existing: readonly ParameterTag[], added: readonly ParameterTag[]): readonly ParameterTag[] {
  const merged = new Map(existing.map((tag) => [tag.Key, tag.Value]));
  for (const tag of added) {
    // AWS's tagging rule: the aws: prefix is AWS's own.
    if (tag.Key.toLowerCase().startsWith("aws:")) throw new ServiceError("ValidationException", `Tag keys beginning with aws: are reserved for AWS use: ${tag.Key}`);
    merged.set(tag.Key, tag.Value);
  }
  if (merged.size > MAX_TAGS) throw tooManyTags();
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}
