import type { KmsKey } from "../../core/kms/kms-key.js";
import { KEY_MATERIAL_ID_BYTES } from "../../core/kms/ciphertext-blob.js";
import { rotate } from "../../core/kms/key-state.js";
import { expiredMaterials, expireMaterials } from "../../core/kms/imported-material.js";
import type { Logger } from "../../ports/logger.js";
import type { KmsDeps } from "./deps.js";

const BATCH = 100;

export interface LifecycleReport {
  readonly deleted: number;
  readonly rotated: number;
  /** Imported materials that expired and were deleted. */
  readonly expired: number;
}

/**
 * The background work AWS does on its own schedule: deleting keys whose waiting period is over
 * (material, tags and aliases, for good), rotating keys whose automatic rotation is due, and
 * deleting imported key material whose ValidTo has passed.
 * Idempotent and safe to run at any moment; time comes from the clock, so tests move it.
 */
/** What the sweep did to one key, for the audit trail (CloudTrail's DeleteKey, RotateKey and DeleteExpiredKeyMaterial service events). */
export type LifecycleEvent = { readonly eventName: "DeleteKey" | "RotateKey" | "DeleteExpiredKeyMaterial"; readonly key: KmsKey; readonly time: Date; readonly keyMaterialId?: string };

export function makeKeyLifecycle(
  deps: Pick<KmsDeps, "keys" | "material" | "clock" | "randomBytes" | "keyStores"> & { logger: Logger; onEvent?: (event: LifecycleEvent) => Promise<void> },
) {
  async function deleteDue(now: Date): Promise<number> {
    let deleted = 0;
    for (const locator of await deps.keys.dueForDeletion(now, BATCH)) {
      const key = await deps.keys.get(locator);
      if (key === undefined || key.state !== "PendingDeletion" || key.deletionDate === undefined || key.deletionDate > now) continue;
      if (!(await deps.keys.purgeIfDue(key, now))) continue;
      deps.material.forget(locator);
      // A key of a custom key store takes its token objects with it (or leaves them orphaned, logged, if the store is not connected).
      if (key.customKeyStoreId !== undefined) deps.keyStores.destroyMaterial(key);
      deps.logger.info({ keyArn: key.arn, deletionDate: key.deletionDate.toISOString() }, "deleted KMS key after its waiting period");
      await deps.onEvent?.({ eventName: "DeleteKey", key, time: now });
      deleted++;
    }
    return deleted;
  }

  async function rotateDue(now: Date): Promise<number> {
    let rotated = 0;
    for (const locator of await deps.keys.dueForRotation(now, BATCH)) {
      const key = await deps.keys.get(locator);
      const due = key?.rotation.nextRotationDate;
      if (key === undefined || key.state !== "Enabled" || !key.rotation.enabled || due === undefined || due > now) continue;
      const materialId = deps.randomBytes(KEY_MATERIAL_ID_BYTES).toString("hex");
      const next = rotate(key, { id: materialId, createdAt: now, rotationType: "AUTOMATIC" });
      if (await deps.keys.update(next, deps.material.generate(key, materialId))) {
        deps.logger.info({ keyArn: key.arn, keyMaterialId: materialId }, "rotated KMS key automatically");
        await deps.onEvent?.({ eventName: "RotateKey", key, time: now, keyMaterialId: materialId });
        rotated++;
      }
    }
    return rotated;
  }

  async function expireDue(now: Date): Promise<number> {
    let expired = 0;
    for (const locator of await deps.keys.dueForMaterialExpiry(now, BATCH)) {
      const key = await deps.keys.get(locator);
      const due = key === undefined ? [] : expiredMaterials(key, now);
      if (key === undefined || due.length === 0) continue;
      // A lost race (an import or deletion meanwhile) is left to the next sweep, which reads again.
      if (!(await deps.keys.update(expireMaterials(key, due)))) continue;
      deps.material.forget(locator);
      for (const { id: keyMaterialId } of due) {
        deps.logger.info({ keyArn: key.arn, keyMaterialId }, "deleted expired imported key material");
        await deps.onEvent?.({ eventName: "DeleteExpiredKeyMaterial", key, time: now, keyMaterialId });
        expired++;
      }
    }
    return expired;
  }

  return {
    async runDue(): Promise<LifecycleReport> {
      const now = deps.clock.now();
      return { deleted: await deleteDue(now), rotated: await rotateDue(now), expired: await expireDue(now) };
    },
  };
}

export type KeyLifecycle = ReturnType<typeof makeKeyLifecycle>;
