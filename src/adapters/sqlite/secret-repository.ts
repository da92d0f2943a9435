import type { Secret, SecretRotation, SecretTag, SecretVersion, SecretVersionInfo } from "../../core/secrets/secret.js";
import type { SecretRepository } from "../../ports/secret-repository.js";
import { dateOrNull, dateOrUndefined } from "./columns.js";
import type { Sqlite } from "./database.js";

interface SecretRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  kms_key_id: string | null;
  created_at: number;
  last_changed_at: number;
  last_accessed_at: number | null;
  deletion_date: number | null;
  rotation: string | null;
  resource_policy: string | null;
  tags: string | null;
  revision: number;
}

interface VersionRow {
  version_id: string;
  created_at: number;
  kind: "string" | "binary" | "empty";
  kms_key_arn: string | null;
  default_key: number;
  encrypted_data_key: Buffer;
  sealed_value: Buffer;
  last_accessed_at: number | null;
}

type StoredRotation = Omit<SecretRotation, "lastRotatedAt" | "nextRotationAt" | "lastFailure"> & {
  readonly lastRotatedAt?: number;
  readonly nextRotationAt?: number;
  readonly lastFailure?: { readonly at: number; readonly step: string; readonly message: string };
};

function rotationToJson(rotation: SecretRotation | undefined): string | null {
  if (rotation === undefined) return null;
  const stored: StoredRotation = {
    ...rotation,
    lastRotatedAt: rotation.lastRotatedAt?.getTime(),
    nextRotationAt: rotation.nextRotationAt?.getTime(),
    lastFailure: rotation.lastFailure === undefined ? undefined : { ...rotation.lastFailure, at: rotation.lastFailure.at.getTime() },
  };
  return JSON.stringify(stored);
}

function rotationFromJson(json: string | null): SecretRotation | undefined {
  if (json === null) return undefined;
  const stored = JSON.parse(json) as StoredRotation;
  const { lastRotatedAt, nextRotationAt, lastFailure, ...rest } = stored;
  return {
    ...rest,
    ...(lastRotatedAt !== undefined ? { lastRotatedAt: new Date(lastRotatedAt) } : {}),
    ...(nextRotationAt !== undefined ? { nextRotationAt: new Date(nextRotationAt) } : {}),
    ...(lastFailure !== undefined ? { lastFailure: { ...lastFailure, at: new Date(lastFailure.at) } } : {}),
  };
}

/** When the rotation sweep should look at the secret: now if a rotation is in progress, else its next date. */
function nextRotationColumn(secret: Secret): number | null {
  const rotation = secret.rotation;
  if (rotation === undefined || secret.deletionDate !== undefined) return null;
  if (rotation.inProgress !== undefined) return Math.max(rotation.inProgress.retryAtMs ?? 0, rotation.inProgress.leaseUntilMs ?? 0);
  return rotation.enabled ? dateOrNull(rotation.nextRotationAt) : null;
}

const tagsFromJson = (json: string | null): SecretTag[] | undefined =>
  json === null ? undefined : (JSON.parse(json) as [string, string][]).map(([Key, Value]) => ({ Key, Value }));

function versionInfo(row: VersionRow): SecretVersionInfo {
  return {
    versionId: row.version_id,
    createdAt: new Date(row.created_at),
    kind: row.kind,
    ...(row.kms_key_arn !== null ? { kmsKeyArn: row.kms_key_arn } : {}),
    ...(row.default_key === 1 ? { defaultKey: true } : {}),
    ...(row.last_accessed_at !== null ? { lastAccessedAt: new Date(row.last_accessed_at) } : {}),
  };
}

export function makeSqliteSecretRepository(db: Sqlite): SecretRepository {
  const statements = {
    insert: db.prepare(`INSERT INTO secrets (arn, account_id, region, name, description, kms_key_id, created_at, last_changed_at, last_accessed_at,
      deletion_date, rotation, next_rotation_at, resource_policy, tags, revision) VALUES (@arn, @accountId, @region, @name, @description, @kmsKeyId,
      @createdAt, @lastChangedAt, @lastAccessedAt, @deletionDate, @rotation, @nextRotationAt, @resourcePolicy, @tags, @revision)
      ON CONFLICT (account_id, region, name) DO NOTHING`),
    update: db.prepare(`UPDATE secrets SET description = @description, kms_key_id = @kmsKeyId, last_changed_at = @lastChangedAt,
      last_accessed_at = CASE WHEN last_accessed_at IS NULL OR @lastAccessedAt > last_accessed_at THEN @lastAccessedAt ELSE last_accessed_at END, deletion_date = @deletionDate, rotation = @rotation, next_rotation_at = @nextRotationAt,
      resource_policy = @resourcePolicy, tags = @tags, revision = @revision WHERE arn = @arn AND revision = @revision - 1`),
    byArn: db.prepare(`SELECT * FROM secrets WHERE arn = ?`),
    byName: db.prepare(`SELECT * FROM secrets WHERE account_id = ? AND region = ? AND name = ?`),
    stages: db.prepare(`SELECT label, version_id FROM secret_version_stages WHERE secret_arn = ? ORDER BY label`),
    deleteStages: db.prepare(`DELETE FROM secret_version_stages WHERE secret_arn = ?`),
    insertStage: db.prepare(`INSERT INTO secret_version_stages (secret_arn, label, version_id) VALUES (?, ?, ?)`),
    insertVersion: db.prepare(`INSERT INTO secret_versions (secret_arn, version_id, created_at, kind, kms_key_arn, default_key, encrypted_data_key, sealed_value)
      VALUES (@arn, @versionId, @createdAt, @kind, @kmsKeyArn, @defaultKey, @encryptedDataKey, @sealedValue)`),
    reseal: db.prepare(`UPDATE secret_versions SET kind = @kind, kms_key_arn = @kmsKeyArn, default_key = @defaultKey, encrypted_data_key = @encryptedDataKey, sealed_value = @sealedValue
      WHERE secret_arn = @arn AND version_id = @versionId`),
    version: db.prepare(`SELECT * FROM secret_versions WHERE secret_arn = ? AND version_id = ?`),
    versions: db.prepare(`SELECT version_id, created_at, kind, kms_key_arn, default_key, last_accessed_at FROM secret_versions WHERE secret_arn = ? ORDER BY created_at, rowid`),
    touchSecret: db.prepare(`UPDATE secrets SET last_accessed_at = @day WHERE arn = @arn AND (last_accessed_at IS NULL OR last_accessed_at < @day)`),
    touchVersion: db.prepare(`UPDATE secret_versions SET last_accessed_at = @day WHERE secret_arn = @arn AND version_id = @versionId
      AND (last_accessed_at IS NULL OR last_accessed_at < @day)`),
    list: db.prepare(`SELECT * FROM secrets WHERE account_id = @accountId AND region = @region AND (@all = 1 OR deletion_date IS NULL) ORDER BY created_at, rowid`),
    purge: db.prepare(`DELETE FROM secrets WHERE arn = @arn AND revision = @revision`),
    dueForDeletion: db.prepare(`SELECT arn, revision FROM secrets WHERE deletion_date IS NOT NULL AND deletion_date <= ? ORDER BY deletion_date LIMIT ?`),
    dueForRotation: db.prepare(`SELECT arn FROM secrets WHERE next_rotation_at IS NOT NULL AND next_rotation_at <= ? ORDER BY next_rotation_at LIMIT ?`),
    versionCount: db.prepare(`SELECT COUNT(*) AS n FROM secret_versions WHERE secret_arn = ?`),
    prunable: db.prepare(`SELECT version_id FROM secret_versions v WHERE secret_arn = @arn AND created_at < @youngerThan
      AND NOT EXISTS (SELECT 1 FROM secret_version_stages s WHERE s.secret_arn = v.secret_arn AND s.version_id = v.version_id)
      ORDER BY created_at, rowid LIMIT @limit`),
    deleteVersion: db.prepare(`DELETE FROM secret_versions WHERE secret_arn = ? AND version_id = ?`),
  };

  const params = (s: Secret) => ({
    arn: s.arn,
    accountId: s.accountId,
    region: s.region,
    name: s.name,
    description: s.description ?? null,
    kmsKeyId: s.kmsKeyId ?? null,
    createdAt: s.createdAt.getTime(),
    lastChangedAt: s.lastChangedAt.getTime(),
    lastAccessedAt: dateOrNull(s.lastAccessedAt),
    deletionDate: dateOrNull(s.deletionDate),
    rotation: rotationToJson(s.rotation),
    nextRotationAt: nextRotationColumn(s),
    resourcePolicy: s.resourcePolicy ?? null,
    // [key, value] pairs: no tag key becomes an object property through JSON.parse.
    tags: s.tags === undefined ? null : JSON.stringify(s.tags.map((t) => [t.Key, t.Value])),
    revision: s.revision,
  });
  const versionParams = (arn: string, v: SecretVersion) => ({
    arn,
    versionId: v.versionId,
    createdAt: v.createdAt.getTime(),
    kind: v.kind,
    kmsKeyArn: v.kmsKeyArn ?? null,
    defaultKey: v.defaultKey === true ? 1 : 0,
    encryptedDataKey: v.encryptedDataKey,
    sealedValue: v.sealedValue,
  });
  const writeStages = (secret: Secret) => {
    statements.deleteStages.run(secret.arn);
    for (const [label, versionId] of secret.stages) statements.insertStage.run(secret.arn, label, versionId);
  };
  const toSecret = (row: SecretRow | undefined): Secret | undefined => {
    if (row === undefined) return undefined;
    const stages = new Map((statements.stages.all(row.arn) as { label: string; version_id: string }[]).map((r) => [r.label, r.version_id]));
    const rotation = rotationFromJson(row.rotation);
    const tags = tagsFromJson(row.tags);
    return {
      arn: row.arn,
      accountId: row.account_id,
      region: row.region,
      name: row.name,
      ...(row.description !== null ? { description: row.description } : {}),
      ...(row.kms_key_id !== null ? { kmsKeyId: row.kms_key_id } : {}),
      createdAt: new Date(row.created_at),
      lastChangedAt: new Date(row.last_changed_at),
      ...(row.last_accessed_at !== null ? { lastAccessedAt: new Date(row.last_accessed_at) } : {}),
      ...(row.deletion_date !== null ? { deletionDate: new Date(row.deletion_date) } : {}),
      ...(rotation !== undefined ? { rotation } : {}),
      ...(row.resource_policy !== null ? { resourcePolicy: row.resource_policy } : {}),
      ...(tags !== undefined ? { tags } : {}),
      stages,
      revision: row.revision,
    };
  };

  const createTx = db.transaction((secret: Secret, version: SecretVersion | undefined): boolean => {
    if (statements.insert.run(params(secret)).changes !== 1) return false;
    if (version !== undefined) statements.insertVersion.run(versionParams(secret.arn, version));
    writeStages(secret);
    return true;
  });
  const updateTx = db.transaction((secret: Secret, newVersion: SecretVersion | undefined, reencrypted: readonly SecretVersion[]): boolean => {
    if (statements.update.run(params(secret)).changes !== 1) return false;
    if (newVersion !== undefined) statements.insertVersion.run(versionParams(secret.arn, newVersion));
    for (const version of reencrypted) statements.reseal.run(versionParams(secret.arn, version));
    writeStages(secret);
    return true;
  });
  const pruneTx = db.transaction((arn: string, keep: number, youngerThan: Date): number => {
    const excess = (statements.versionCount.get(arn) as { n: number }).n - keep;
    if (excess <= 0) return 0;
    const doomed = statements.prunable.all({ arn, youngerThan: youngerThan.getTime(), limit: excess }) as { version_id: string }[];
    for (const { version_id } of doomed) statements.deleteVersion.run(arn, version_id);
    return doomed.length;
  });

  return {
    async create(secret, version) {
      return createTx.immediate(secret, version);
    },
    async getByArn(arn) {
      return toSecret(statements.byArn.get(arn) as SecretRow | undefined);
    },
    async getByName(accountId, region, name) {
      return toSecret(statements.byName.get(accountId, region, name) as SecretRow | undefined);
    },
    async update(secret, changes) {
      return updateTx.immediate(secret, changes?.newVersion, changes?.reencrypted ?? []);
    },
    async version(arn, versionId) {
      const row = statements.version.get(arn, versionId) as VersionRow | undefined;
      if (row === undefined) return undefined;
      return { ...versionInfo(row), encryptedDataKey: row.encrypted_data_key, sealedValue: row.sealed_value };
    },
    async versions(arn) {
      return (statements.versions.all(arn) as VersionRow[]).map(versionInfo);
    },
    async recordAccess(arn, versionId, day) {
      statements.touchSecret.run({ arn, day: day.getTime() });
      statements.touchVersion.run({ arn, versionId, day: day.getTime() });
    },
    async list(accountId, region, includePlannedDeletion) {
      return (statements.list.all({ accountId, region, all: includePlannedDeletion ? 1 : 0 }) as SecretRow[]).map((row) => toSecret(row)!);
    },
    async purge(secret) {
      // Versions and labels go with the secret row (ON DELETE CASCADE), in one statement.
      return statements.purge.run(secret).changes === 1;
    },
    async dueForDeletion(now, limit) {
      return statements.dueForDeletion.all(now.getTime(), limit) as { arn: string; revision: number }[];
    },
    async dueForRotation(now, limit) {
      return (statements.dueForRotation.all(now.getTime(), limit) as { arn: string }[]).map((r) => r.arn);
    },
    async pruneVersions(arn, keep, youngerThan) {
      return pruneTx.immediate(arn, keep, youngerThan);
    },
  };
}
