import { retag } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";
import { validateNewTags } from "./tag-rules.js";

export function makeTagResource(deps: Pick<KmsDeps, "keys" | "resolveKey">): KmsHandler<"TagResource"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:TagResource", input.KeyId, { allowAlias: false }, (key) => ({ key: retag(key, validateNewTags(key.tags, input.Tags)) }));
    return {};
  };
}
