import { keyAlgorithms } from "./key-algorithms.js";
import { currentMaterial, type KmsKey } from "./kms-key.js";
import type { KeyMetadataView } from "./operations.js";

/** The KeyMetadata AWS returns for a key, with the fields that apply to its spec and state. */
export function keyMetadata(key: KmsKey): KeyMetadataView {
  const pendingDeletion = key.state === "PendingDeletion";
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt,
    Enabled: key.state === "Enabled",
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    ...(pendingDeletion && key.deletionDate ? { DeletionDate: key.deletionDate } : {}),
    ...importFields(key),
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...keyAlgorithms(key),
    MultiRegion: key.multiRegion,
    ...(key.materials.length > 0 ? { CurrentKeyMaterialId: currentMaterial(key).id } : {}),
  };
}

/**
 * ExpirationModel and ValidTo of an EXTERNAL key, shown (as AWS shows them) while its imported
 * material is present; ValidTo only for material that expires.
 */
function importFields(key: KmsKey): Pick<KeyMetadataView, "ExpirationModel" | "ValidTo"> {
  const imported = key.importedMaterial;
  if (key.origin !== "EXTERNAL" || imported === undefined || !imported.imported) return {};
  return { ExpirationModel: imported.expirationModel, ...(imported.validTo !== undefined ? { ValidTo: imported.validTo } : {}) };
}
