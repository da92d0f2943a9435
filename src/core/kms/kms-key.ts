import type { Tag } from "./tags.js";

export type KeyState = "Enabled" | "Disabled" | "PendingDeletion" | "PendingImport" | "Unavailable" | "Creating" | "Updating" | "PendingReplicaDeletion";
import type { KeySpec, KeyUsage } from "../crypto/keys/index.js";

export type { KeySpec, KeyUsage } from "../crypto/keys/index.js";
/**
 * AWS_KMS: Strongbox made the material. EXTERNAL: the material is imported (docs/byok.md).
 * AWS_CLOUDHSM: the material was made in, and never leaves, a custom key store's token.
 */
export type Origin = "AWS_KMS" | "EXTERNAL" | "AWS_CLOUDHSM";
export type ExpirationModel = "KEY_MATERIAL_EXPIRES" | "KEY_MATERIAL_DOES_NOT_EXPIRE";
export type KeyManager = "CUSTOMER" | "AWS";
export type RotationType = "AUTOMATIC" | "ON_DEMAND";

/** One backing key of a KMS key. The material itself lives wrapped in the store, never here. */
export interface KeyMaterialInfo {
  readonly id: string;
  readonly createdAt: Date;
  /** How this material came to be current; undefined for the material the key was created with. */
  readonly rotationType: RotationType | undefined;
  /** EXTERNAL keys only: the import state of this material. */
  readonly imported?: ImportedMaterialState;
}

export interface RotationSchedule {
  readonly enabled: boolean;
  readonly periodInDays: number | undefined;
  readonly nextRotationDate: Date | undefined;
}

/**
 * The import state of one material of an EXTERNAL key. It outlives the material itself: after
 * expiry or DeleteImportedKeyMaterial the KeyMaterialId (a keyed commitment to the material) stays,
 * and only the same material may be imported again under it.
 */
export interface ImportedMaterialState {
  /** Whether the material is present now (IMPORTED) or was deleted or expired (PENDING_IMPORT). */
  readonly imported: boolean;
  readonly expirationModel: ExpirationModel;
  readonly validTo: Date | undefined;
  readonly description: string | undefined;
  /** Imported with ImportType NEW_KEY_MATERIAL, waiting for RotateKeyOnDemand to become current. */
  readonly pendingRotation: boolean;
}

/** Where a key lives: AWS partitions keys by account and Region. */
export interface KeyLocator {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
}

export interface KmsKey extends KeyLocator {
  readonly arn: string;
  readonly createdAt: Date;
  readonly description: string;
  readonly keyUsage: KeyUsage;
  readonly keySpec: KeySpec;
  /** DER SubjectPublicKeyInfo of an asymmetric key (not secret); undefined for symmetric and HMAC keys. */
  readonly publicKey: Buffer | undefined;
  readonly origin: Origin;
  /** The CloudHSM key store (a PKCS#11 token) holding the key material, for origin AWS_CLOUDHSM. */
  readonly customKeyStoreId: string | undefined;
  readonly keyManager: KeyManager;
  readonly state: KeyState;
  readonly deletionDate: Date | undefined;
  readonly pendingWindowInDays: number | undefined;
  readonly rotation: RotationSchedule;
  /** Set while an on-demand rotation is under way. */
  readonly onDemandRotationStartDate: Date | undefined;
  /** Oldest first; the last one is current, but for imported material pending rotation, which comes after it. */
  readonly materials: readonly KeyMaterialInfo[];
  readonly tags: readonly Tag[];
  readonly policy: string;
  /** The unique ids of the users and roles the policy names, by ARN, as they were when it was written. */
  readonly policyPins: Readonly<Record<string, string>>;
  readonly multiRegion: boolean;
  /** EXTERNAL keys: the barrier-sealed secret key of the material commitment (not usable outside the barrier). */
  readonly wrappedCommitmentKey: Buffer | undefined;
  /** Optimistic-concurrency counter: each save must name the revision it read. */
  readonly revision: number;
}

export function currentMaterial(key: KmsKey): KeyMaterialInfo {
  const current = [...key.materials].reverse().find((m) => m.imported?.pendingRotation !== true);
  if (current === undefined) throw new Error(`key ${key.keyId} has no key material`);
  return current;
}

/** An EXTERNAL key lacks material while it has none, or one of its materials is deleted or expired. */
export function lacksImportedMaterial(key: KmsKey): boolean {
  if (key.origin !== "EXTERNAL") return false;
  const associated = key.materials.filter((m) => m.imported?.pendingRotation !== true);
  return associated.length === 0 || associated.some((m) => m.imported?.imported !== true);
}

export function findMaterial(key: KmsKey, materialId: string): KeyMaterialInfo | undefined {
  return key.materials.find((m) => m.id === materialId);
}

/** The identity a wrapped backing key is bound to (sealed-box AAD): copying it elsewhere breaks it. */
export function keyMaterialIdentity(locator: KeyLocator, materialId: string): string {
  return `kms/key-material/${locator.accountId}/${locator.region}/${locator.keyId}/${materialId}`;
}

/** The identity the sealed commitment key of an EXTERNAL key is bound to. */
export function commitmentKeyIdentity(locator: KeyLocator): string {
  return `kms/import-commitment-key/${locator.accountId}/${locator.region}/${locator.keyId}`;
}

/**
 * A new customer managed key of any spec, as CreateKey makes it: Enabled with its first key
 * material, or, with origin EXTERNAL, PendingImport with no material and a sealed commitment key.
 */
export function newKmsKey(params: {
  readonly origin?: { readonly type: "AWS_KMS"; readonly materialId: string } | { readonly type: "EXTERNAL"; readonly wrappedCommitmentKey: Buffer };
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly publicKey: Buffer | undefined;
  readonly locator: KeyLocator;
  readonly arn: string;
  readonly createdAt: Date;
  readonly description: string;
  readonly materialId?: string;
  readonly tags: readonly Tag[];
  readonly policy: string;
  readonly policyPins: Readonly<Record<string, string>>;
  /** A key whose material is generated in, and never leaves, a custom key store's token. */
  readonly customKeyStoreId?: string;
}): KmsKey {
  const origin = params.origin ?? { type: "AWS_KMS", materialId: params.materialId ?? "" };
  if (origin.type === "AWS_KMS" && origin.materialId === "") throw new Error("an AWS_KMS key needs its first material id");
  return {
    ...params.locator,
    arn: params.arn,
    createdAt: params.createdAt,
    description: params.description,
    keyUsage: params.keyUsage,
    keySpec: params.keySpec,
    publicKey: params.publicKey,
    origin: params.customKeyStoreId !== undefined ? "AWS_CLOUDHSM" : origin.type,
    customKeyStoreId: params.customKeyStoreId,
    keyManager: "CUSTOMER",
    state: origin.type === "EXTERNAL" ? "PendingImport" : "Enabled",
    deletionDate: undefined,
    pendingWindowInDays: undefined,
    rotation: { enabled: false, periodInDays: undefined, nextRotationDate: undefined },
    onDemandRotationStartDate: undefined,
    materials: origin.type === "AWS_KMS" ? [{ id: origin.materialId, createdAt: params.createdAt, rotationType: undefined }] : [],
    tags: params.tags,
    policy: params.policy,
    policyPins: params.policyPins,
    multiRegion: false,
    wrappedCommitmentKey: origin.type === "EXTERNAL" ? origin.wrappedCommitmentKey : undefined,
    revision: 1,
  };
}

/** A new symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT). */
export function newSymmetricKey(params: Omit<Parameters<typeof newKmsKey>[0], "keySpec" | "keyUsage" | "publicKey">): KmsKey {
  return newKmsKey({ ...params, keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", publicKey: undefined });
}
