import { disableRotation, requireKeyState, USABLE } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";
import { requireRotatable } from "./rotation-rules.js";

export function makeDisableKeyRotation(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"DisableKeyRotation"> {
  return async (input, ctx) => {
    await changeKey(deps, ctx, "kms:DisableKeyRotation", input.KeyId, { allowAlias: false }, (key) => {
      requireKeyState(key, USABLE);
      requireRotatable(key);
      return key.rotation.enabled ? { key: disableRotation(key) } : undefined;
    });
    return {};
  };
}
