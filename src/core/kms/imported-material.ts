import { ServiceError } from "../errors.js";
import { DAY_MS, next, requireKeyState } from "./key-state.js";
import { currentMaterial, lacksImportedMaterial, type ExpirationModel, type KeyMaterialInfo, type KmsKey } from "./kms-key.js";

/**
 * The rules of imported key material (BYOK) as pure transitions, after the AWS KMS developer
 * guide ("Importing key material", "Set an expiration time", "Deleting imported key material")
 * and the API reference of GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial.
 */

/** AWS: "The maximum value is 365 days from the request date." */
export const MAX_VALID_TO_DAYS = 365;

export type ImportType = "NEW_KEY_MATERIAL" | "EXISTING_KEY_MATERIAL";

/** Only EXTERNAL keys take imported material (AWS_KMS keys: UnsupportedOperationException). */
export function requireExternal(key: KmsKey): void {
  if (key.origin !== "EXTERNAL") {
    throw new ServiceError("UnsupportedOperationException", `${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  }
}

/** GetParametersForImport and ImportKeyMaterial: any state but PendingDeletion (and the transient ones). */
export function requireImportable(key: KmsKey): void {
  requireExternal(key);
  requireKeyState(key, ["Enabled", "Disabled", "PendingImport"]);
}

export interface ExpirationRequest {
  readonly ExpirationModel?: ExpirationModel | undefined;
  readonly ValidTo?: Date | undefined;
}

/**
 * ExpirationModel defaults to KEY_MATERIAL_EXPIRES; ValidTo is required with it and refused
 * without it, and must lie in the future, at most 365 days away.
 */
export function expirationOf(input: ExpirationRequest, now: Date): { expirationModel: ExpirationModel; validTo: Date | undefined } {
  const expirationModel = input.ExpirationModel ?? "KEY_MATERIAL_EXPIRES";
  if (expirationModel === "KEY_MATERIAL_DOES_NOT_EXPIRE") {
    if (input.ValidTo !== undefined) {
      throw new ServiceError("ValidationException", "ValidTo must not be specified when ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE.");
    }
    return { expirationModel, validTo: undefined };
  }
  const validTo = input.ValidTo;
  if (validTo === undefined) throw new ServiceError("ValidationException", "ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES.");
  if (validTo.getTime() <= now.getTime()) throw new ServiceError("ValidationException", "ValidTo must be a date and time in the future.");
  if (validTo.getTime() > now.getTime() + MAX_VALID_TO_DAYS * DAY_MS) {
    throw new ServiceError("ValidationException", `ValidTo must be at most ${MAX_VALID_TO_DAYS} days from the request date.`);
  }
  return { expirationModel, validTo };
}

export interface MaterialImport {
  /** The KeyMaterialId computed from the material (its commitment). */
  readonly materialId: string;
  readonly importType: ImportType | undefined;
  /** The KeyMaterialId the request named, if any. */
  readonly claimedMaterialId: string | undefined;
  readonly description: string | undefined;
  /** The public key derived from an asymmetric private key. */
  readonly publicKey: Buffer | undefined;
  readonly expirationModel: ExpirationModel;
  readonly validTo: Date | undefined;
  readonly now: Date;
}

const isPending = (m: KeyMaterialInfo) => m.imported?.pendingRotation === true;
const isPresent = (m: KeyMaterialInfo) => m.imported?.imported === true;

/** A key whose every associated material is present again leaves PendingImport. */
function stateWith(key: KmsKey, materials: readonly KeyMaterialInfo[]): KmsKey["state"] {
  if (key.state !== "PendingImport") return key.state;
  return lacksImportedMaterial({ ...key, materials }) ? "PendingImport" : "Enabled";
}

/**
 * The key after a successful import, and whether the material itself must be stored (it is not
 * present: a new material, or one deleted or expired). ImportType defaults to NEW_KEY_MATERIAL for
 * the first import and EXISTING_KEY_MATERIAL after it. EXISTING must be a material of the key (the
 * same bytes: the same commitment); NEW must not be. A second, new material (symmetric keys only)
 * waits, PENDING_ROTATION, for RotateKeyOnDemand. The key is Enabled once all of its materials are
 * present; an Enabled or Disabled key keeps its state.
 */
export function importMaterial(key: KmsKey, request: MaterialImport): { key: KmsKey; storeMaterial: boolean } {
  requireImportable(key);
  const known = key.materials.find((m) => m.id === request.materialId);
  const importType = request.importType ?? (key.materials.length === 0 ? "NEW_KEY_MATERIAL" : "EXISTING_KEY_MATERIAL");
  if (request.claimedMaterialId !== undefined) {
    if (importType === "NEW_KEY_MATERIAL") throw new ServiceError("ValidationException", "KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.");
    if (request.claimedMaterialId !== request.materialId) {
      throw new ServiceError("IncorrectKeyMaterialException", `The key material does not match KeyMaterialId ${request.claimedMaterialId}.`);
    }
  }
  const state = (m: KeyMaterialInfo | undefined, pendingRotation: boolean) => ({
    imported: true,
    expirationModel: request.expirationModel,
    validTo: request.validTo,
    description: request.description ?? m?.imported?.description,
    pendingRotation,
  });
  let materials: KeyMaterialInfo[];
  if (importType === "NEW_KEY_MATERIAL") {
    if (known !== undefined) {
      throw new ServiceError("IncorrectKeyMaterialException", `The key material is already associated with ${key.arn}; import it with ImportType EXISTING_KEY_MATERIAL.`);
    }
    if (key.materials.length > 0) requireRotationImport(key);
    const material = { id: request.materialId, createdAt: request.now, rotationType: undefined, imported: state(undefined, key.materials.length > 0) };
    materials = [...key.materials, material];
  } else {
    if (known === undefined) {
      throw new ServiceError(
        "IncorrectKeyMaterialException",
        key.materials.length === 0
          ? `No key material has been imported into ${key.arn} yet; import it with ImportType NEW_KEY_MATERIAL.`
          : `The key material is not the key material previously imported into ${key.arn}.`,
      );
    }
    materials = key.materials.map((m) => (m === known ? { ...m, imported: state(m, isPending(m)) } : m));
  }
  return {
    key: next(key, {
      state: stateWith(key, materials),
      materials,
      // The same material always has the same public key; the first import fixes it.
      publicKey: key.publicKey ?? request.publicKey,
    }),
    storeMaterial: known === undefined || !isPresent(known),
  };
}

/** New material for on-demand rotation: symmetric keys whose materials are all present, one pending at a time. */
function requireRotationImport(key: KmsKey): void {
  if (key.keySpec !== "SYMMETRIC_DEFAULT") {
    throw new ServiceError("IncorrectKeyMaterialException", `The key material of a ${key.keySpec} key cannot change after the first import; ${key.arn} has its material.`);
  }
  requireKeyState(key, ["Enabled", "Disabled"]);
  if (key.materials.some(isPending)) {
    throw new ServiceError("KMSInvalidStateException", `${key.arn} already has key material pending rotation. Rotate the key (RotateKeyOnDemand) or delete that material first.`);
  }
}

/**
 * RotateKeyOnDemand on an EXTERNAL key: the material pending rotation becomes current (AWS: "Use
 * RotateKeyOnDemand to rotate to the new key material"); earlier materials still decrypt.
 */
export function rotateToImported(key: KmsKey, now: Date): KmsKey {
  const pending = key.materials.find(isPending);
  if (pending === undefined) {
    throw new ServiceError("KMSInvalidStateException", `${key.arn} has no imported key material pending rotation. Import new key material with ImportType NEW_KEY_MATERIAL first.`);
  }
  const rotated: KeyMaterialInfo = { ...pending, createdAt: now, rotationType: "ON_DEMAND", imported: { ...pending.imported!, pendingRotation: false } };
  return next(key, { materials: [...key.materials.filter((m) => m !== pending), rotated] });
}

/**
 * DeleteImportedKeyMaterial: the named material (default: the current one) goes; its commitment
 * stays, and the key becomes PendingImport unless it is pending deletion. Material pending rotation
 * is not yet part of the key: deleting it removes it altogether, and the key's state is unchanged.
 */
export function deleteImportedMaterial(key: KmsKey, materialId: string | undefined): { key: KmsKey; deleted: string } {
  requireExternal(key);
  requireKeyState(key, ["Enabled", "Disabled", "PendingImport", "PendingDeletion"]);
  const target = materialId !== undefined ? key.materials.find((m) => m.id === materialId) : key.materials.length > 0 ? currentMaterial(key) : undefined;
  if (materialId !== undefined && target === undefined) {
    throw new ServiceError("NotFoundException", `Key material ${materialId} is not found on ${key.arn}.`);
  }
  if (target === undefined || !isPresent(target)) {
    throw new ServiceError("KMSInvalidStateException", `${key.arn} has no imported key material${target ? ` ${target.id}` : ""} to delete.`);
  }
  return { key: withoutMaterials(key, [target]), deleted: target.id };
}

/** The present materials whose ValidTo has passed: the lifecycle sweep deletes them. */
export function expiredMaterials(key: KmsKey, now: Date): KeyMaterialInfo[] {
  return key.materials.filter((m) => isPresent(m) && m.imported!.validTo !== undefined && m.imported!.validTo.getTime() <= now.getTime());
}

/** The sweep's transition for expired material: as DeleteImportedKeyMaterial, for each of them. */
export function expireMaterials(key: KmsKey, expired: readonly KeyMaterialInfo[]): KmsKey {
  return withoutMaterials(key, expired);
}

function withoutMaterials(key: KmsKey, gone: readonly KeyMaterialInfo[]): KmsKey {
  const ids = new Set(gone.map((m) => m.id));
  const materials = key.materials
    .filter((m) => !(ids.has(m.id) && isPending(m)))
    .map((m) => (ids.has(m.id) ? { ...m, imported: { ...m.imported!, imported: false } } : m));
  const associatedGone = gone.some((m) => !isPending(m));
  return next(key, {
    state: !associatedGone || key.state === "PendingDeletion" ? key.state : "PendingImport",
    materials,
  });
}
