import { pinsFrom } from "./pins.js";
import { dateOrNull, dateOrUndefined } from "./columns.js";
import type { ExpirationModel, KeyLocator, KeyMaterialInfo, KmsKey } from "../../core/kms/kms-key.js";
import { keyArn } from "../../core/kms/identifiers.js";
import type { Tag } from "../../core/kms/tags.js";
import type { KeyPage, KeyRepository, WrappedKeyMaterial } from "../../ports/key-repository.js";
import type { Sqlite } from "./database.js";

interface KeyRow {
  account_id: string;
  region: string;
  key_id: string;
  created_at: number;
  description: string;
  key_usage: string;
  key_spec: string;
  origin: string;
  key_manager: string;
  state: string;
  deletion_date: number | null;
  pending_window_days: number | null;
  rotation_enabled: number;
  rotation_period_days: number | null;
  next_rotation_at: number | null;
  on_demand_rotation_started_at: number | null;
  policy: string;
  policy_pins: string;
  public_key: Buffer | null;
  multi_region: number;
  revision: number;
  wrapped_commitment_key: Buffer | null;
  custom_key_store_id: string | null;
}

interface ImportedMaterialRow {
  material_id: string;
  created_at: number;
  rotation_type: string | null;
  imported: number;
  expiration_model: string;
  valid_to: number | null;
  description: string | null;
  pending_rotation: number;
}

const LOCATOR = "account_id = @accountId AND region = @region AND key_id = @keyId";

export function makeSqliteKeyRepository(db: Sqlite, partition: string): KeyRepository {
  const statements = {
    insertKey: db.prepare(`INSERT INTO kms_keys (account_id, region, key_id, created_at, description, key_usage, key_spec, origin,
      key_manager, state, deletion_date, pending_window_days, rotation_enabled, rotation_period_days, next_rotation_at,
      on_demand_rotation_started_at, policy, multi_region, revision, policy_pins, public_key, wrapped_commitment_key, custom_key_store_id)
      VALUES (@accountId, @region, @keyId, @createdAt, @description, @keyUsage, @keySpec,
      @origin, @keyManager, @state, @deletionDate, @pendingWindowDays, @rotationEnabled, @rotationPeriodDays, @nextRotationAt,
      @onDemandRotationStartedAt, @policy, @multiRegion, @revision, @policyPins, @publicKey, @wrappedCommitmentKey, @customKeyStoreId)`),
    updateKey: db.prepare(`UPDATE kms_keys SET description = @description, state = @state, deletion_date = @deletionDate,
      pending_window_days = @pendingWindowDays, rotation_enabled = @rotationEnabled, rotation_period_days = @rotationPeriodDays,
      next_rotation_at = @nextRotationAt, on_demand_rotation_started_at = @onDemandRotationStartedAt, policy = @policy, policy_pins = @policyPins,
      public_key = @publicKey, revision = @revision WHERE ${LOCATOR} AND revision = @revision - 1`),
    // EXTERNAL keys: the key is the truth. Imported material it no longer holds (deleted, expired)
    // loses its sealed copy; the import state of every material is written again.
    dropMaterials: db.prepare(`DELETE FROM kms_key_materials WHERE ${LOCATOR} AND material_id NOT IN (SELECT value FROM json_each(@presentIds))`),
    importedMaterials: db.prepare(`SELECT * FROM kms_imported_materials WHERE ${LOCATOR} ORDER BY seq`),
    deleteImported: db.prepare(`DELETE FROM kms_imported_materials WHERE ${LOCATOR}`),
    insertImported: db.prepare(`INSERT INTO kms_imported_materials VALUES (@accountId, @region, @keyId, @materialId, @seq, @createdAt, @rotationType,
      @imported, @expirationModel, @validTo, @description, @pendingRotation)`),
    getKey: db.prepare(`SELECT * FROM kms_keys WHERE ${LOCATOR}`),
    materials: db.prepare(`SELECT material_id, created_at, rotation_type FROM kms_key_materials WHERE ${LOCATOR} ORDER BY seq`),
    insertMaterial: db.prepare(`INSERT INTO kms_key_materials VALUES (@accountId, @region, @keyId, @materialId,
      (SELECT COALESCE(MAX(seq), 0) + 1 FROM kms_key_materials WHERE ${LOCATOR}), @createdAt, @rotationType, @wrapped)`),
    wrapped: db.prepare(`SELECT wrapped FROM kms_key_materials WHERE ${LOCATOR} AND material_id = @materialId`),
    tags: db.prepare(`SELECT tag_key, tag_value FROM kms_key_tags WHERE ${LOCATOR} ORDER BY position`),
    deleteTags: db.prepare(`DELETE FROM kms_key_tags WHERE ${LOCATOR}`),
    insertTag: db.prepare(`INSERT INTO kms_key_tags VALUES (@accountId, @region, @keyId, @position, @tagKey, @tagValue)`),
    list: db.prepare(`SELECT account_id, region, key_id FROM kms_keys WHERE account_id = @accountId AND region = @region
      AND key_id > @after ORDER BY key_id LIMIT @limit`),
    purgeIfDue: db.prepare(`DELETE FROM kms_keys WHERE ${LOCATOR} AND state = 'PendingDeletion' AND deletion_date <= @now
      AND revision = @revision`),
    dueForDeletion: db.prepare(`SELECT account_id, region, key_id FROM kms_keys WHERE deletion_date IS NOT NULL AND deletion_date <= @now
      ORDER BY deletion_date LIMIT @limit`),
    dueForMaterialExpiry: db.prepare(`SELECT account_id, region, key_id FROM kms_imported_materials WHERE imported = 1 AND valid_to IS NOT NULL
      AND valid_to <= @now GROUP BY account_id, region, key_id ORDER BY MIN(valid_to) LIMIT @limit`),
    dueForRotation: db.prepare(`SELECT account_id, region, key_id FROM kms_keys WHERE rotation_enabled = 1 AND next_rotation_at <= @now
      AND state = 'Enabled' ORDER BY next_rotation_at LIMIT @limit`),
  };

  const locatorParams = (l: KeyLocator) => ({ accountId: l.accountId, region: l.region, keyId: l.keyId });
  const keyParams = (key: KmsKey) => ({
    ...locatorParams(key),
    createdAt: key.createdAt.getTime(),
    description: key.description,
    keyUsage: key.keyUsage,
    keySpec: key.keySpec,
    origin: key.origin,
    keyManager: key.keyManager,
    state: key.state,
    deletionDate: dateOrNull(key.deletionDate),
    pendingWindowDays: key.pendingWindowInDays ?? null,
    rotationEnabled: key.rotation.enabled ? 1 : 0,
    rotationPeriodDays: key.rotation.periodInDays ?? null,
    nextRotationAt: dateOrNull(key.rotation.nextRotationDate),
    onDemandRotationStartedAt: dateOrNull(key.onDemandRotationStartDate),
    policy: key.policy,
    policyPins: JSON.stringify(key.policyPins),
    publicKey: key.publicKey ?? null,
    customKeyStoreId: key.customKeyStoreId ?? null,
    multiRegion: key.multiRegion ? 1 : 0,
    revision: key.revision,
    wrappedCommitmentKey: key.wrappedCommitmentKey ?? null,
  });
  const writeImported = (key: KmsKey) => {
    if (key.origin !== "EXTERNAL") return;
    statements.deleteImported.run(locatorParams(key));
    key.materials.forEach((m, seq) => {
      if (m.imported === undefined) throw new Error("the materials of an EXTERNAL key carry their import state");
      statements.insertImported.run({
        ...locatorParams(key),
        materialId: m.id,
        seq,
        createdAt: m.createdAt.getTime(),
        rotationType: m.rotationType ?? null,
        imported: m.imported.imported ? 1 : 0,
        expirationModel: m.imported.expirationModel,
        validTo: dateOrNull(m.imported.validTo),
        description: m.imported.description ?? null,
        pendingRotation: m.imported.pendingRotation ? 1 : 0,
      });
    });
    const presentIds = key.materials.filter((m) => m.imported?.imported).map((m) => m.id);
    statements.dropMaterials.run({ ...locatorParams(key), presentIds: JSON.stringify(presentIds) });
  };
  const writeTags = (key: KmsKey) => {
    statements.deleteTags.run(locatorParams(key));
    key.tags.forEach((tag, position) => statements.insertTag.run({ ...locatorParams(key), position, tagKey: tag.TagKey, tagValue: tag.TagValue }));
  };
  const insertMaterial = (key: KmsKey, material: WrappedKeyMaterial) => {
    const info = key.materials.find((m) => m.id === material.id);
    if (info === undefined) throw new Error("new key material must be listed on the key");
    statements.insertMaterial.run({
      ...locatorParams(key),
      materialId: material.id,
      createdAt: info.createdAt.getTime(),
      rotationType: info.rotationType ?? null,
      wrapped: material.wrapped,
    });
  };

  const createTx = db.transaction((key: KmsKey, material: WrappedKeyMaterial | undefined) => {
    statements.insertKey.run(keyParams(key));
    writeImported(key);
    if (material !== undefined) insertMaterial(key, material);
    writeTags(key);
  });
  const updateTx = db.transaction((key: KmsKey, material: WrappedKeyMaterial | undefined): boolean => {
    if (statements.updateKey.run(keyParams(key)).changes !== 1) return false;
    writeImported(key);
    if (material !== undefined) insertMaterial(key, material);
    writeTags(key);
    return true;
  });

  const toLocator = (row: Pick<KeyRow, "account_id" | "region" | "key_id">): KeyLocator => ({ accountId: row.account_id, region: row.region, keyId: row.key_id });

  return {
    async create(key, material) {
      createTx.immediate(key, material);
    },
    async get(locator) {
      const row = statements.getKey.get(locatorParams(locator)) as KeyRow | undefined;
      if (row === undefined) return undefined;
      const materials =
        row.origin === "EXTERNAL"
          ? (statements.importedMaterials.all(locatorParams(locator)) as ImportedMaterialRow[]).map(importedMaterialInfo)
          : (statements.materials.all(locatorParams(locator)) as { material_id: string; created_at: number; rotation_type: string | null }[]).map(
              (m): KeyMaterialInfo => ({ id: m.material_id, createdAt: new Date(m.created_at), rotationType: (m.rotation_type ?? undefined) as KeyMaterialInfo["rotationType"] }),
            );
      const tags = (statements.tags.all(locatorParams(locator)) as { tag_key: string; tag_value: string }[]).map((t): Tag => ({ TagKey: t.tag_key, TagValue: t.tag_value }));
      return rowToKey(row, partition, materials, tags);
    },
    async update(key, newMaterial) {
      return updateTx.immediate(key, newMaterial);
    },
    async wrappedMaterial(locator, materialId) {
      const row = statements.wrapped.get({ ...locatorParams(locator), materialId }) as { wrapped: Buffer } | undefined;
      return row?.wrapped;
    },
    async list(accountId, region, afterKeyId, limit): Promise<KeyPage> {
      const rows = statements.list.all({ accountId, region, after: afterKeyId ?? "", limit: limit + 1 }) as KeyRow[];
      return { keys: rows.slice(0, limit).map(toLocator), truncated: rows.length > limit };
    },
    async purgeIfDue(key, now) {
      // Material, tags and aliases go with the key row (ON DELETE CASCADE), in one statement.
      return statements.purgeIfDue.run({ ...locatorParams(key), now: now.getTime(), revision: key.revision }).changes === 1;
    },
    async dueForDeletion(now, limit) {
      return (statements.dueForDeletion.all({ now: now.getTime(), limit }) as KeyRow[]).map(toLocator);
    },
    async dueForMaterialExpiry(now, limit) {
      return (statements.dueForMaterialExpiry.all({ now: now.getTime(), limit }) as KeyRow[]).map(toLocator);
    },
    async dueForRotation(now, limit) {
      return (statements.dueForRotation.all({ now: now.getTime(), limit }) as KeyRow[]).map(toLocator);
    },
  };
}

function rowToKey(row: KeyRow, partition: string, materials: KeyMaterialInfo[], tags: Tag[]): KmsKey {
  return {
    accountId: row.account_id,
    region: row.region,
    keyId: row.key_id,
    arn: keyArn({ partition, region: row.region, accountId: row.account_id }, row.key_id),
    createdAt: new Date(row.created_at),
    description: row.description,
    keyUsage: row.key_usage as KmsKey["keyUsage"],
    keySpec: row.key_spec as KmsKey["keySpec"],
    origin: row.origin as KmsKey["origin"],
    customKeyStoreId: row.custom_key_store_id ?? undefined,
    keyManager: row.key_manager as KmsKey["keyManager"],
    state: row.state as KmsKey["state"],
    deletionDate: dateOrUndefined(row.deletion_date),
    pendingWindowInDays: row.pending_window_days ?? undefined,
    rotation: {
      enabled: row.rotation_enabled === 1,
      periodInDays: row.rotation_period_days ?? undefined,
      nextRotationDate: dateOrUndefined(row.next_rotation_at),
    },
    onDemandRotationStartDate: dateOrUndefined(row.on_demand_rotation_started_at),
    materials,
    tags,
    policy: row.policy,
    policyPins: pinsFrom(row.policy_pins),
    publicKey: row.public_key ?? undefined,
    multiRegion: row.multi_region === 1,
    wrappedCommitmentKey: row.wrapped_commitment_key ?? undefined,
    revision: row.revision,
  };
}

function importedMaterialInfo(m: ImportedMaterialRow): KeyMaterialInfo {
  return {
    id: m.material_id,
    createdAt: new Date(m.created_at),
    rotationType: (m.rotation_type ?? undefined) as KeyMaterialInfo["rotationType"],
    imported: {
      imported: m.imported === 1,
      expirationModel: m.expiration_model as ExpirationModel,
      validTo: dateOrUndefined(m.valid_to),
      description: m.description ?? undefined,
      pendingRotation: m.pending_rotation === 1,
    },
  };
}
