import { ServiceError } from "../errors.js";
import { DAY_MS, next, requireKeyState } from "./key-state.js";
import type { ExpirationModel, ImportedMaterial, KmsKey } from "./kms-key.js";

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

/**
 * The key after a successful import, and whether the material itself must be stored (it is absent:
 * first import, or after deletion or expiry). The first import fixes the key's material for good:
 * importing anything else later is IncorrectKeyMaterialException. A key pending import becomes
 * Enabled; an Enabled or Disabled key keeps its state (the import only resets the expiration).
 */
export function importMaterial(key: KmsKey, request: MaterialImport): { key: KmsKey; storeMaterial: boolean } {
  requireImportable(key);
  const known = key.importedMaterial;
  const importType = request.importType ?? (known === undefined ? "NEW_KEY_MATERIAL" : "EXISTING_KEY_MATERIAL");
  if (importType === "NEW_KEY_MATERIAL") {
    if (request.claimedMaterialId !== undefined) {
      throw new ServiceError("ValidationException", "KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.");
    }
    if (known !== undefined && known.materialId === request.materialId) {
      throw new ServiceError("IncorrectKeyMaterialException", `The key material is already associated with ${key.arn}; import it with ImportType EXISTING_KEY_MATERIAL.`);
    }
    if (known !== undefined) {
      // AWS lets a symmetric key hold several imported materials and rotate between them on demand.
      throw new ServiceError("UnsupportedOperationException", "Importing a second key material into a KMS key (for on-demand rotation) is not supported by this Strongbox yet.");
    }
  } else {
    if (known === undefined) throw new ServiceError("IncorrectKeyMaterialException", `No key material has been imported into ${key.arn} yet; import it with ImportType NEW_KEY_MATERIAL.`);
    if (known.materialId !== request.materialId) {
      throw new ServiceError("IncorrectKeyMaterialException", `The key material is not the key material previously imported into ${key.arn}.`);
    }
  }
  if (request.claimedMaterialId !== undefined && request.claimedMaterialId !== request.materialId) {
    throw new ServiceError("IncorrectKeyMaterialException", `The key material does not match KeyMaterialId ${request.claimedMaterialId}.`);
  }
  const storeMaterial = key.materials.length === 0;
  const importedMaterial: ImportedMaterial = {
    materialId: request.materialId,
    imported: true,
    expirationModel: request.expirationModel,
    validTo: request.validTo,
    description: request.description ?? known?.description,
  };
  return {
    key: next(key, {
      state: key.state === "PendingImport" ? "Enabled" : key.state,
      materials: storeMaterial ? [{ id: request.materialId, createdAt: request.now, rotationType: undefined }] : key.materials,
      importedMaterial,
      // The same material always has the same public key; the first import fixes it.
      publicKey: key.publicKey ?? request.publicKey,
    }),
    storeMaterial,
  };
}

/**
 * DeleteImportedKeyMaterial: the material goes, its commitment stays. The key becomes PendingImport,
 * unless it is pending deletion, which it stays. `materialId`, if given, must name the material.
 */
export function deleteImportedMaterial(key: KmsKey, materialId: string | undefined): KmsKey {
  requireExternal(key);
  requireKeyState(key, ["Enabled", "Disabled", "PendingImport", "PendingDeletion"]);
  const known = key.importedMaterial;
  if (materialId !== undefined && known?.materialId !== materialId) {
    throw new ServiceError("NotFoundException", `Key material ${materialId} is not found on ${key.arn}.`);
  }
  if (known === undefined || !known.imported) {
    throw new ServiceError("KMSInvalidStateException", `${key.arn} has no imported key material to delete.`);
  }
  return withoutMaterial(key, known);
}

/** Whether the lifecycle sweep must delete the key's material now (its ValidTo has passed). */
export function materialExpired(key: KmsKey, now: Date): boolean {
  const known = key.importedMaterial;
  return known !== undefined && known.imported && known.validTo !== undefined && known.validTo.getTime() <= now.getTime();
}

/** The sweep's transition for expired material: as DeleteImportedKeyMaterial. */
export function expireMaterial(key: KmsKey): KmsKey {
  if (key.importedMaterial === undefined) throw new Error(`${key.arn} has no imported material`);
  return withoutMaterial(key, key.importedMaterial);
}

function withoutMaterial(key: KmsKey, known: ImportedMaterial): KmsKey {
  return next(key, {
    state: key.state === "PendingDeletion" ? "PendingDeletion" : "PendingImport",
    materials: [],
    importedMaterial: { ...known, imported: false },
  });
}
