import { retag } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";
import { requestTagFacts, validateNewTags } from "./tag-rules.js";

export function makeTagResource(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"TagResource"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:TagResource", input.KeyId, { allowAlias: false, conditions: requestTagFacts(input.Tags) }, (key) => ({ key: retag(key, validateNewTags(key.tags, input.Tags)) }));
    return {};
  };
}
