import { describeKey } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

export function makeUpdateKeyDescription(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"UpdateKeyDescription"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:UpdateKeyDescription", input.KeyId, { allowAlias: false }, (key) => ({ key: describeKey(key, input.Description) }));
    return {};
  };
}
