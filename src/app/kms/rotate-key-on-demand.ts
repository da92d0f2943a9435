import { ServiceError } from "../../core/errors.js";
import { KEY_MATERIAL_ID_BYTES } from "../../core/kms/ciphertext-blob.js";
import { rotateToImported } from "../../core/kms/imported-material.js";
import { requireKeyState, rotate, USABLE } from "../../core/kms/key-state.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey, type Change } from "./key-writer.js";
import { requireRotatable } from "./rotation-rules.js";

/** AWS limits each key to 25 on-demand rotations over its life. */
export const MAX_ON_DEMAND_ROTATIONS = 25;

/**
 * Rotates at once (AWS does it asynchronously; here the new material is current when the call
 * returns): to fresh material for an AWS_KMS key, to the material imported for rotation
 * (PENDING_ROTATION) for a symmetric EXTERNAL key.
 */
export function makeRotateKeyOnDemand(deps: Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey">): KmsHandler<"RotateKeyOnDemand"> {
  return async (input, ctx) => {
    const materialId = deps.randomBytes(KEY_MATERIAL_ID_BYTES).toString("hex");
    const key = await changeKey(deps, ctx, "kms:RotateKeyOnDemand", input.KeyId, { allowAlias: false }, (current): Change => {
      requireKeyState(current, USABLE);
      if (current.origin === "EXTERNAL" && current.keySpec === "SYMMETRIC_DEFAULT") {
        requireRotationsLeft(current);
        return { key: rotateToImported(current, ctx.now) };
      }
      requireRotatable(current);
      requireRotationsLeft(current);
      const next = rotate(current, { id: materialId, createdAt: ctx.now, rotationType: "ON_DEMAND" });
      return { key: next, newMaterial: deps.material.generate(current, materialId) };
    });
    return { KeyId: key.arn };
  };
}

function requireRotationsLeft(key: KmsKey): void {
  if (key.materials.filter((m) => m.rotationType === "ON_DEMAND").length >= MAX_ON_DEMAND_ROTATIONS) {
    throw new ServiceError("LimitExceededException", `${key.arn} has reached the limit of ${MAX_ON_DEMAND_ROTATIONS} on-demand rotations.`);
  }
}
