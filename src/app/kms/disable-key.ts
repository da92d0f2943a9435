import { disableKey } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

export function makeDisableKey(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"DisableKey"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:DisableKey", input.KeyId, { allowAlias: false }, (key) => (key.state === "Disabled" ? undefined : { key: disableKey(key) }));
    return {};
  };
}
