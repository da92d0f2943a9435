import type { Tag } from "./tags.js";

export type KeyState = "Enabled" | "Disabled" | "PendingDeletion" | "PendingImport" | "Unavailable" | "Creating" | "Updating" | "PendingReplicaDeletion";
import type { KeySpec, KeyUsage } from "../crypto/keys/index.js";

export type { KeySpec, KeyUsage } from "../crypto/keys/index.js";
export type Origin = "AWS_KMS" | "AWS_CLOUDHSM";
export type KeyManager = "CUSTOMER" | "AWS";
export type RotationType = "AUTOMATIC" | "ON_DEMAND";

/** One backing key of a KMS key. The material itself lives wrapped in the store, never here. */
export interface KeyMaterialInfo {
  readonly id: string;
  readonly createdAt: Date;
  /** How this material came to be current; undefined for the material the key was created with. */
  readonly rotationType: RotationType | undefined;
}

export interface RotationSchedule {
  readonly enabled: boolean;
  readonly periodInDays: number | undefined;
  readonly nextRotationDate: Date | undefined;
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
  /** Oldest first; the last one is current. */
  readonly materials: readonly KeyMaterialInfo[];
  readonly tags: readonly Tag[];
  readonly policy: string;
  /** The unique ids of the users and roles the policy names, by ARN, as they were when it was written. */
  readonly policyPins: Readonly<Record<string, string>>;
  readonly multiRegion: boolean;
  /** Optimistic-concurrency counter: each save must name the revision it read. */
  readonly revision: number;
}

export function currentMaterial(key: KmsKey): KeyMaterialInfo {
  const current = key.materials[key.materials.length - 1];
  if (current === undefined) throw new Error(`key ${key.keyId} has no key material`);
  return current;
}

export function findMaterial(key: KmsKey, materialId: string): KeyMaterialInfo | undefined {
  return key.materials.find((m) => m.id === materialId);
}

/** The identity a wrapped backing key is bound to (sealed-box AAD): copying it elsewhere breaks it. */
export function keyMaterialIdentity(locator: KeyLocator, materialId: string): string {
  return `kms/key-material/${locator.accountId}/${locator.region}/${locator.keyId}/${materialId}`;
}

/** A new customer managed key of any spec, Enabled, with its first key material, as CreateKey makes it. */
export function newKmsKey(params: {
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly publicKey: Buffer | undefined;
  readonly locator: KeyLocator;
  readonly arn: string;
  readonly createdAt: Date;
  readonly description: string;
  readonly materialId: string;
  readonly tags: readonly Tag[];
  readonly policy: string;
  readonly policyPins: Readonly<Record<string, string>>;
  /** A key whose material is generated in, and never leaves, a custom key store's token. */
  readonly customKeyStoreId?: string;
}): KmsKey {
  return {
    ...params.locator,
    arn: params.arn,
    createdAt: params.createdAt,
    description: params.description,
    keyUsage: params.keyUsage,
    keySpec: params.keySpec,
    publicKey: params.publicKey,
    origin: params.customKeyStoreId !== undefined ? "AWS_CLOUDHSM" : "AWS_KMS",
    customKeyStoreId: params.customKeyStoreId,
    keyManager: "CUSTOMER",
    state: "Enabled",
    deletionDate: undefined,
    pendingWindowInDays: undefined,
    rotation: { enabled: false, periodInDays: undefined, nextRotationDate: undefined },
    onDemandRotationStartDate: undefined,
    materials: [{ id: params.materialId, createdAt: params.createdAt, rotationType: undefined }],
    tags: params.tags,
    policy: params.policy,
    policyPins: params.policyPins,
    multiRegion: false,
    revision: 1,
  };
}

/** A new symmetric encryption key (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT). */
export function newSymmetricKey(params: Omit<Parameters<typeof newKmsKey>[0], "keySpec" | "keyUsage" | "publicKey">): KmsKey {
  return newKmsKey({ ...params, keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", publicKey: undefined });
}
