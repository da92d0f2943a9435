import type { KeyLocator, KmsKey } from "../core/kms/kms-key.js";

export interface WrappedKeyMaterial {
  readonly id: string;
  /** Sealed box under the barrier key, bound to keyMaterialIdentity(). */
  readonly wrapped: Buffer;
}

export interface KeyPage {
  readonly keys: readonly KeyLocator[];
  readonly truncated: boolean;
}

export interface KeyRepository {
  /** Stores a new key with its first material; an EXTERNAL key is created without any. */
  create(key: KmsKey, material: WrappedKeyMaterial | undefined): Promise<void>;
  get(locator: KeyLocator): Promise<KmsKey | undefined>;
  /**
   * Saves `key` (its revision already incremented) if the stored revision is still
   * `key.revision - 1`; adds `newMaterial` in the same transaction, and deletes stored material
   * that `key.materials` no longer lists (imported material deleted or expired). Returns false on
   * a lost race.
   */
  update(key: KmsKey, newMaterial?: WrappedKeyMaterial): Promise<boolean>;
  wrappedMaterial(locator: KeyLocator, materialId: string): Promise<Buffer | undefined>;
  /** Keys of one account and Region in key-id order, starting after `afterKeyId`. */
  list(accountId: string, region: string, afterKeyId: string | undefined, limit: number): Promise<KeyPage>;
  /**
   * Deletes the key, its material, tags and aliases at once, but only if it is still pending
   * deletion, due at `now`, and unchanged since it was read (`key.revision`): a CancelKeyDeletion
   * that won the race keeps its key. Returns whether the key was deleted.
   */
  purgeIfDue(key: KeyLocator & { readonly revision: number }, now: Date): Promise<boolean>;
  /** Keys whose deletion date is at or before `now`. */
  dueForDeletion(now: Date, limit: number): Promise<KeyLocator[]>;
  /** Keys whose imported material expires (ValidTo) at or before `now` and is still present. */
  dueForMaterialExpiry(now: Date, limit: number): Promise<KeyLocator[]>;
  /** Keys with automatic rotation enabled whose next rotation date is at or before `now`. */
  dueForRotation(now: Date, limit: number): Promise<KeyLocator[]>;
}
