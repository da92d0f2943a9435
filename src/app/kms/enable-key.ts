import { enableKey } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

export function makeEnableKey(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"EnableKey"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:EnableKey", input.KeyId, { allowAlias: false }, (key) => (key.state === "Enabled" ? undefined : { key: enableKey(key) }));
    return {};
  };
}
