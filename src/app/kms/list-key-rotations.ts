import { ServiceError } from "../../core/errors.js";
import { currentMaterial, type KmsKey } from "../../core/kms/kms-key.js";
import type { RotationEntryView } from "../../core/kms/operations.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { pageOf } from "./pagination.js";
import { requireRotatable } from "./rotation-rules.js";

/** ListKeyRotations: the key's materials; for a symmetric key with imported material, its import state too. */
export function makeListKeyRotations(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"ListKeyRotations"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:ListKeyRotations", key });
    const entries = key.origin === "EXTERNAL" ? importedEntries(key, input.IncludeKeyMaterial) : generatedEntries(key, input.IncludeKeyMaterial);
    const { page, nextMarker } = pageOf(entries, input.Limit ?? 100, input.Marker);
    return { Rotations: page, Truncated: nextMarker !== undefined, ...(nextMarker ? { NextMarker: nextMarker } : {}) };
  };
}

function generatedEntries(key: KmsKey, include: string | undefined): RotationEntryView[] {
  requireRotatable(key);
  const currentId = key.materials[key.materials.length - 1]?.id;
  return key.materials
    .filter((m) => include === "ALL_KEY_MATERIAL" || m.rotationType !== undefined)
    .map((m) => ({
      KeyId: key.arn,
      KeyMaterialId: m.id,
      KeyMaterialState: m.id === currentId ? "CURRENT" : "NON_CURRENT",
      ...(m.rotationType !== undefined ? { RotationDate: m.createdAt, RotationType: m.rotationType } : {}),
    }));
}

/**
 * AWS lists the imported materials of symmetric EXTERNAL keys with ImportState, ExpirationModel,
 * ValidTo and KeyMaterialDescription, and material imported for rotation as PENDING_ROTATION.
 * Only ALL_KEY_MATERIAL lists the first material and material pending rotation (API reference).
 */
function importedEntries(key: KmsKey, include: string | undefined): RotationEntryView[] {
  if (key.keySpec !== "SYMMETRIC_DEFAULT") {
    throw new ServiceError("UnsupportedOperationException", `${key.arn} key spec or origin does not support automatic rotation.`);
  }
  const currentId = key.materials.length > 0 ? currentMaterial(key).id : undefined;
  return key.materials
    .filter((m) => include === "ALL_KEY_MATERIAL" || m.rotationType !== undefined)
    .map((m): RotationEntryView => {
      const imported = m.imported!;
      return {
        KeyId: key.arn,
        KeyMaterialId: m.id,
        ...(imported.description !== undefined ? { KeyMaterialDescription: imported.description } : {}),
        ImportState: imported.imported ? "IMPORTED" : "PENDING_IMPORT",
        KeyMaterialState: imported.pendingRotation ? "PENDING_ROTATION" : m.id === currentId ? "CURRENT" : "NON_CURRENT",
        ExpirationModel: imported.expirationModel,
        ...(imported.validTo !== undefined && imported.imported ? { ValidTo: imported.validTo } : {}),
        ...(m.rotationType !== undefined ? { RotationDate: m.createdAt, RotationType: m.rotationType } : {}),
      };
    });
}
