import { ServiceError } from "../../core/errors.js";
import { requestTagFacts } from "../../core/policy/tag-facts.js";
import { mergeSecretTags, removeSecretTags, requestTags } from "../../core/secrets/secret-tags.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret } from "./secret-access.js";

/** TagResource: adds tags, replacing the values of keys already there. */
export function makeTagResource(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"TagResource"> {
  return async (input, ctx) => {
    const tags = requestTags(input.Tags);
    if (!tags.ok) throw new ServiceError("InvalidParameterException", tags.message);
    return changeSecret(deps, ctx, "secretsmanager:TagResource", input.SecretId, async (secret) => {
      const merged = mergeSecretTags(secret.tags ?? [], tags.tags);
      if (!merged.ok) throw new ServiceError("InvalidParameterException", merged.message);
      return { next: { ...secret, tags: merged.tags }, result: {} };
    }, { conditions: requestTagFacts(tags.tags) });
  };
}

/** UntagResource: removes tags by key; keys that are not there are ignored. */
export function makeUntagResource(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"UntagResource"> {
  return async (input, ctx) =>
    changeSecret(deps, ctx, "secretsmanager:UntagResource", input.SecretId, async (secret) => ({
      next: { ...secret, tags: removeSecretTags(secret.tags ?? [], input.TagKeys) },
      result: {},
    }), { conditions: { "aws:TagKeys": input.TagKeys } });
}
