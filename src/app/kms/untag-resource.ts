import { retag } from "../../core/kms/key-state.js";
import { removeTags } from "../../core/kms/tags.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

export function makeUntagResource(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"UntagResource"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:UntagResource", input.KeyId, { allowAlias: false, conditions: { "aws:TagKeys": input.TagKeys } }, (key) => ({ key: retag(key, removeTags(key.tags, input.TagKeys)) }));
    return {};
  };
}
