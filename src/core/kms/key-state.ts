import { ServiceError } from "../errors.js";
import { lacksImportedMaterial, type KeyMaterialInfo, type KeyState, type KmsKey } from "./kms-key.js";

/**
 * Key state rules as the AWS "Key states: effect on your KMS key" table gives them, and the
 * state transitions as pure functions from one key value to the next (with its revision bumped).
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

const STATE_WORDS: Record<KeyState, string> = {
  Enabled: "enabled",
  Disabled: "disabled",
  PendingDeletion: "pending deletion",
  PendingImport: "pending import",
  Unavailable: "unavailable",
  Creating: "being created",
  Updating: "being updated",
  PendingReplicaDeletion: "pending replica deletion",
};

/** Cryptographic operations: only Enabled keys; Disabled → DisabledException. */
export const USABLE: readonly KeyState[] = ["Enabled"];
/** Management operations that AWS refuses on keys pending deletion. */
export const MANAGEABLE: readonly KeyState[] = ["Enabled", "Disabled"];
/**
 * Management that AWS also allows on a key pending import (an EXTERNAL key without its material):
 * description, tags, aliases, scheduling its deletion.
 */
export const ADMINISTRABLE: readonly KeyState[] = ["Enabled", "Disabled", "PendingImport"];

export function requireKeyState(key: KmsKey, allowed: readonly KeyState[]): void {
  if (allowed.includes(key.state)) return;
  if (key.state === "Disabled") throw new ServiceError("DisabledException", `${key.arn} is disabled.`);
  throw new ServiceError("KMSInvalidStateException", `${key.arn} is ${STATE_WORDS[key.state]}.`);
}

export function next(key: KmsKey, changes: Partial<KmsKey>): KmsKey {
  return { ...key, ...changes, revision: key.revision + 1 };
}

export function enableKey(key: KmsKey): KmsKey {
  requireKeyState(key, MANAGEABLE);
  return next(key, { state: "Enabled" });
}

export function disableKey(key: KmsKey): KmsKey {
  requireKeyState(key, MANAGEABLE);
  return next(key, { state: "Disabled" });
}

export function scheduleDeletion(key: KmsKey, now: Date, pendingWindowInDays: number): KmsKey {
  if (key.state === "PendingDeletion") throw new ServiceError("KMSInvalidStateException", `${key.arn} is pending deletion.`);
  requireKeyState(key, ADMINISTRABLE);
  return next(key, {
    state: "PendingDeletion",
    deletionDate: new Date(now.getTime() + pendingWindowInDays * DAY_MS),
    pendingWindowInDays,
  });
}

/**
 * A key whose deletion is cancelled comes back Disabled, as in AWS; an EXTERNAL key whose material
 * is gone (never imported, deleted or expired meanwhile) comes back PendingImport.
 */
export function cancelDeletion(key: KmsKey): KmsKey {
  if (key.state !== "PendingDeletion") throw new ServiceError("KMSInvalidStateException", `${key.arn} is not pending deletion.`);
  const state = lacksImportedMaterial(key) ? "PendingImport" : "Disabled";
  return next(key, { state, deletionDate: undefined, pendingWindowInDays: undefined });
}

export function describeKey(key: KmsKey, description: string): KmsKey {
  requireKeyState(key, ADMINISTRABLE);
  return next(key, { description });
}

export function retag(key: KmsKey, tags: KmsKey["tags"]): KmsKey {
  requireKeyState(key, ADMINISTRABLE);
  return next(key, { tags });
}

export function enableRotation(key: KmsKey, now: Date, periodInDays: number): KmsKey {
  const last = lastRotationOrCreation(key);
  const due = new Date(Math.max(now.getTime(), last.getTime() + periodInDays * DAY_MS));
  const nextRotationDate = key.rotation.enabled ? due : new Date(now.getTime() + periodInDays * DAY_MS);
  return next(key, { rotation: { enabled: true, periodInDays, nextRotationDate } });
}

export function disableRotation(key: KmsKey): KmsKey {
  return next(key, { rotation: { enabled: false, periodInDays: key.rotation.periodInDays, nextRotationDate: undefined } });
}

/** Adds a new current backing key. Automatic rotation also moves the schedule on by one period. */
export function rotate(key: KmsKey, material: KeyMaterialInfo): KmsKey {
  const materials = [...key.materials, material];
  if (material.rotationType !== "AUTOMATIC" || !key.rotation.enabled || key.rotation.periodInDays === undefined) {
    return next(key, { materials });
  }
  const nextRotationDate = new Date(material.createdAt.getTime() + key.rotation.periodInDays * DAY_MS);
  return next(key, { materials, rotation: { ...key.rotation, nextRotationDate } });
}

function lastRotationOrCreation(key: KmsKey): Date {
  const automatic = key.materials.filter((m) => m.rotationType === "AUTOMATIC");
  return automatic[automatic.length - 1]?.createdAt ?? key.createdAt;
}

/** PutKeyPolicy: AWS allows it in every key state. */
export function replacePolicy(key: KmsKey, policy: string, policyPins: Readonly<Record<string, string>>): KmsKey {
  return next(key, { policy, policyPins });
}
