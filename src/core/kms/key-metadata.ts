import { keyAlgorithms } from "./key-algorithms.js";
import { currentMaterial, type KmsKey } from "./kms-key.js";
import type { KeyMetadataView } from "./operations.js";

/** What a key in a custom key store shows of its store: the cluster, and whether the store is connected. */
export interface KeyStoreView {
  readonly cloudHsmClusterId: string | undefined;
  readonly connected: boolean;
}

/**
 * The KeyMetadata AWS returns for a key, with the fields that apply to its spec and state. A key
 * in a custom key store that is not connected shows KeyState Unavailable (unless it is pending
 * deletion), as AWS shows it; the stored state comes back when the store reconnects.
 */
export function keyMetadata(key: KmsKey, store?: KeyStoreView): KeyMetadataView {
  const pendingDeletion = key.state === "PendingDeletion";
  const unavailable = key.customKeyStoreId !== undefined && store !== undefined && !store.connected && !pendingDeletion;
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt,
    Enabled: key.state === "Enabled",
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: unavailable ? "Unavailable" : key.state,
    ...(pendingDeletion && key.deletionDate ? { DeletionDate: key.deletionDate } : {}),
    ...importFields(key),
    Origin: key.origin,
    ...(key.customKeyStoreId !== undefined ? { CustomKeyStoreId: key.customKeyStoreId } : {}),
    ...(store?.cloudHsmClusterId !== undefined ? { CloudHsmClusterId: store.cloudHsmClusterId } : {}),
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    ...keyAlgorithms(key),
    MultiRegion: key.multiRegion,
    ...(key.materials.length > 0 ? { CurrentKeyMaterialId: currentMaterial(key).id } : {}),
  };
}

/**
 * ExpirationModel and ValidTo of an EXTERNAL key, shown (as AWS shows them) while its current
 * material is present: the current material's expiration model, and the earliest ValidTo of the
 * materials permanently associated with the key (not one pending rotation).
 */
function importFields(key: KmsKey): Pick<KeyMetadataView, "ExpirationModel" | "ValidTo"> {
  if (key.origin !== "EXTERNAL" || key.materials.length === 0) return {};
  const current = currentMaterial(key).imported;
  if (current === undefined || !current.imported) return {};
  const validTos = key.materials.flatMap((m) => (m.imported?.imported && !m.imported.pendingRotation && m.imported.validTo ? [m.imported.validTo.getTime()] : []));
  return { ExpirationModel: current.expirationModel, ...(validTos.length > 0 ? { ValidTo: new Date(Math.min(...validTos)) } : {}) };
}
