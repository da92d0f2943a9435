import { enableRotation, requireKeyState, USABLE } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";
import { requireRotatable } from "./rotation-rules.js";

/** AWS's default rotation period when RotationPeriodInDays is omitted. */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

export function makeEnableKeyRotation(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"EnableKeyRotation"> {
  return async (input, ctx) => {
    const period = input.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
    await changeKey(deps, ctx, "kms:EnableKeyRotation", input.KeyId, { allowAlias: false }, (key) => {
      requireKeyState(key, USABLE);
      requireRotatable(key);
      if (key.rotation.enabled && key.rotation.periodInDays === period) return undefined;
      return { key: enableRotation(key, ctx.now, period) };
    });
    return {};
  };
}
