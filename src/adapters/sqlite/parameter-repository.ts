import type { VersionLabels } from "../../core/parameters/labels.js";
import type { ParameterTag } from "../../core/parameters/operations.js";
import type { Parameter, ParameterSettings, ParameterVersion } from "../../core/parameters/parameter.js";
import type { ParameterTier } from "../../core/parameters/tiers.js";
import type { ParameterType } from "../../core/parameters/versions.js";
import type { ParameterChanges, ParameterRepository } from "../../ports/parameter-repository.js";
import { dateOrNull } from "./columns.js";
import type { Sqlite } from "./database.js";

/** The columns a parameter and each of its versions both carry. */
interface SettingsRow {
  type: ParameterType;
  key_id: string | null;
  description: string | null;
  allowed_pattern: string | null;
  tier: ParameterTier;
  data_type: string;
  policies: string;
}

interface ParameterRow extends SettingsRow {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  tags: string;
  version: number;
  last_modified_at: number;
  last_modified_user: string;
  notified: string;
  policy_due_at: number | null;
  revision: number;
}

interface VersionRow extends SettingsRow {
  version: number;
  created_at: number;
  last_modified_user: string;
  plain_value: string | null;
  encrypted_data_key: Buffer | null;
  key_arn: string | null;
  sealed_value: Buffer | null;
}

const optional = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } => (value === null ? {} : ({ [key]: value } as { [P in K]?: V }));

function settingsOf(row: SettingsRow) {
  return {
    type: row.type,
    ...optional("keyId", row.key_id),
    ...optional("description", row.description),
    ...optional("allowedPattern", row.allowed_pattern),
    tier: row.tier,
    dataType: row.data_type,
    policies: JSON.parse(row.policies) as string[],
  };
}

function settingsParams(settings: ParameterSettings) {
  return {
    type: settings.type,
    keyId: settings.keyId ?? null,
    description: settings.description ?? null,
    allowedPattern: settings.allowedPattern ?? null,
    tier: settings.tier,
    dataType: settings.dataType,
    policies: JSON.stringify(settings.policies),
  };
}

function toParameter(row: ParameterRow): Parameter {
  return {
    arn: row.arn,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    ...settingsOf(row),
    // [key, value] pairs: no tag key becomes an object property through JSON.parse.
    tags: (JSON.parse(row.tags) as [string, string][]).map(([Key, Value]): ParameterTag => ({ Key, Value })),
    version: row.version,
    lastModifiedAt: new Date(row.last_modified_at),
    lastModifiedUser: row.last_modified_user,
    notified: JSON.parse(row.notified) as string[],
    ...(row.policy_due_at !== null ? { policyDueAt: new Date(row.policy_due_at) } : {}),
    revision: row.revision,
  };
}

export function makeSqliteParameterRepository(db: Sqlite): ParameterRepository {
  const statements = {
    insert: db.prepare(`INSERT INTO parameters (arn, account_id, region, name, type, key_id, description, allowed_pattern, tier, data_type, policies, tags,
      version, last_modified_at, last_modified_user, notified, policy_due_at, revision) VALUES (@arn, @accountId, @region, @name, @type, @keyId, @description,
      @allowedPattern, @tier, @dataType, @policies, @tags, @version, @lastModifiedAt, @lastModifiedUser, @notified, @policyDueAt, @revision)
      ON CONFLICT (arn) DO NOTHING`),
    update: db.prepare(`UPDATE parameters SET type = @type, key_id = @keyId, description = @description, allowed_pattern = @allowedPattern, tier = @tier,
      data_type = @dataType, policies = @policies, tags = @tags, version = @version, last_modified_at = @lastModifiedAt, last_modified_user = @lastModifiedUser,
      notified = @notified, policy_due_at = @policyDueAt, revision = @revision WHERE arn = @arn AND revision = @revision - 1`),
    get: db.prepare(`SELECT * FROM parameters WHERE arn = ?`),
    list: db.prepare(`SELECT * FROM parameters WHERE account_id = @accountId AND region = @region AND arn >= @from AND arn < @to ORDER BY arn`),
    counts: db.prepare(`SELECT tier, COUNT(*) AS n FROM parameters WHERE account_id = ? AND region = ? GROUP BY tier`),
    insertVersion: db.prepare(`INSERT INTO parameter_versions (parameter_arn, version, type, key_id, description, allowed_pattern, tier, data_type, policies,
      created_at, last_modified_user, plain_value, encrypted_data_key, sealed_value, key_arn) VALUES (@arn, @version, @type, @keyId, @description, @allowedPattern,
      @tier, @dataType, @policies, @createdAt, @lastModifiedUser, @plainValue, @encryptedDataKey, @sealedValue, @keyArn)`),
    version: db.prepare(`SELECT * FROM parameter_versions WHERE parameter_arn = ? AND version = ?`),
    versions: db.prepare(`SELECT * FROM parameter_versions WHERE parameter_arn = ? ORDER BY version`),
    versionNumbers: db.prepare(`SELECT version FROM parameter_versions WHERE parameter_arn = ? ORDER BY version`),
    labels: db.prepare(`SELECT label, version FROM parameter_version_labels WHERE parameter_arn = ? ORDER BY rowid`),
    labelsOf: db.prepare(`SELECT label FROM parameter_version_labels WHERE parameter_arn = ? AND version = ? ORDER BY rowid`),
    deleteLabels: db.prepare(`DELETE FROM parameter_version_labels WHERE parameter_arn = ?`),
    insertLabel: db.prepare(`INSERT INTO parameter_version_labels (parameter_arn, label, version) VALUES (?, ?, ?)`),
    deleteVersion: db.prepare(`DELETE FROM parameter_versions WHERE parameter_arn = ? AND version = ?`),
    delete: db.prepare(`DELETE FROM parameters WHERE arn = @arn AND (@revision IS NULL OR revision = @revision)`),
    duePolicies: db.prepare(`SELECT arn FROM parameters WHERE policy_due_at IS NOT NULL AND policy_due_at <= ? ORDER BY policy_due_at LIMIT ?`),
  };

  const params = (p: Parameter) => ({
    arn: p.arn,
    accountId: p.accountId,
    region: p.region,
    name: p.name,
    ...settingsParams(p),
    tags: JSON.stringify(p.tags.map((t) => [t.Key, t.Value])),
    version: p.version,
    lastModifiedAt: p.lastModifiedAt.getTime(),
    lastModifiedUser: p.lastModifiedUser,
    notified: JSON.stringify(p.notified),
    policyDueAt: dateOrNull(p.policyDueAt),
    revision: p.revision,
  });
  const versionParams = (arn: string, v: ParameterVersion) => ({
    arn,
    version: v.version,
    ...settingsParams(v),
    createdAt: v.createdAt.getTime(),
    lastModifiedUser: v.lastModifiedUser,
    plainValue: v.plainValue ?? null,
    encryptedDataKey: v.encryptedDataKey ?? null,
    keyArn: v.keyArn ?? null,
    sealedValue: v.sealedValue ?? null,
  });
  const toVersion = (arn: string, row: VersionRow): ParameterVersion => ({
    version: row.version,
    ...settingsOf(row),
    createdAt: new Date(row.created_at),
    lastModifiedUser: row.last_modified_user,
    ...optional("plainValue", row.plain_value),
    ...optional("encryptedDataKey", row.encrypted_data_key),
    ...optional("keyArn", row.key_arn),
    ...optional("sealedValue", row.sealed_value),
    labels: (statements.labelsOf.all(arn, row.version) as { label: string }[]).map((r) => r.label),
  });
  const writeLabels = (arn: string, labels: readonly VersionLabels[]) => {
    statements.deleteLabels.run(arn);
    for (const entry of labels) for (const label of entry.labels) statements.insertLabel.run(arn, label, entry.version);
  };

  const createTx = db.transaction((parameter: Parameter, version: ParameterVersion): boolean => {
    if (statements.insert.run(params(parameter)).changes !== 1) return false;
    statements.insertVersion.run(versionParams(parameter.arn, version));
    return true;
  });
  const updateTx = db.transaction((parameter: Parameter, changes: ParameterChanges): boolean => {
    if (statements.update.run(params(parameter)).changes !== 1) return false;
    for (const version of changes.dropVersions ?? []) statements.deleteVersion.run(parameter.arn, version);
    if (changes.newVersion !== undefined) statements.insertVersion.run(versionParams(parameter.arn, changes.newVersion));
    if (changes.labels !== undefined) writeLabels(parameter.arn, changes.labels);
    return true;
  });

  return {
    async create(parameter, version) {
      return createTx.immediate(parameter, version);
    },
    async get(arn) {
      const row = statements.get.get(arn) as ParameterRow | undefined;
      return row === undefined ? undefined : toParameter(row);
    },
    async update(parameter, changes) {
      return updateTx.immediate(parameter, changes ?? {});
    },
    async version(arn, version) {
      const row = statements.version.get(arn, version) as VersionRow | undefined;
      return row === undefined ? undefined : toVersion(arn, row);
    },
    async versions(arn) {
      return (statements.versions.all(arn) as VersionRow[]).map((row) => toVersion(arn, row));
    },
    async labels(arn) {
      const byVersion = new Map<number, string[]>((statements.versionNumbers.all(arn) as { version: number }[]).map((r) => [r.version, []]));
      for (const { label, version } of statements.labels.all(arn) as { label: string; version: number }[]) byVersion.get(version)?.push(label);
      return [...byVersion].map(([version, labels]) => ({ version, labels }));
    },
    async list(accountId, region, arnPrefix = "") {
      // A range on the primary key: the prefix up to the prefix with its last character's successor.
      const to = arnPrefix === "" ? "\u{10FFFF}" : arnPrefix.slice(0, -1) + String.fromCodePoint(arnPrefix.codePointAt(arnPrefix.length - 1)! + 1);
      return (statements.list.all({ accountId, region, from: arnPrefix, to }) as ParameterRow[]).map(toParameter);
    },
    async counts(accountId, region) {
      const counts = { Standard: 0, Advanced: 0 };
      for (const { tier, n } of statements.counts.all(accountId, region) as { tier: ParameterTier; n: number }[]) counts[tier] = n;
      return counts;
    },
    async delete(arn, revision) {
      // Versions and labels go with the parameter row (ON DELETE CASCADE), in one statement.
      return statements.delete.run({ arn, revision: revision ?? null }).changes === 1;
    },
    async duePolicies(now, limit) {
      return (statements.duePolicies.all(now.getTime(), limit) as { arn: string }[]).map((r) => r.arn);
    },
  };
}
