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
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...keyAlgorithms(key),
    MultiRegion: key.multiRegion,
    ...(key.materials.length > 0 ? { CurrentKeyMaterialId: currentMaterial(key).id } : {}),
  };
}
