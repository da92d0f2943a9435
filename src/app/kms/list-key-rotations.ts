import type { RotationEntryView } from "../../core/kms/operations.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { pageOf } from "./pagination.js";
import { requireRotatable } from "./rotation-rules.js";

export function makeListKeyRotations(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"ListKeyRotations"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:ListKeyRotations", key });
    requireRotatable(key);
    const currentId = key.materials[key.materials.length - 1]?.id;
    const entries: RotationEntryView[] = key.materials
      .filter((m) => input.IncludeKeyMaterial === "ALL_KEY_MATERIAL" || m.rotationType !== undefined)
      .map((m) => ({
        KeyId: key.arn,
        KeyMaterialId: m.id,
        KeyMaterialState: m.id === currentId ? "CURRENT" : "NON_CURRENT",
        ...(m.rotationType !== undefined ? { RotationDate: m.createdAt, RotationType: m.rotationType } : {}),
      }));
    const { page, nextMarker } = pageOf(entries, input.Limit ?? 100, input.Marker);
    return { Rotations: page, Truncated: nextMarker !== undefined, ...(nextMarker ? { NextMarker: nextMarker } : {}) };
  };
}
