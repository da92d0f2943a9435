/**
 * Numbered, forward-only schema migrations. Never edit one that has shipped: add the next.
 * Times are epoch milliseconds. Key material and secrets appear only as sealed boxes (BLOB).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "foundation: seal, barrier, accounts, access keys, KMS keys, aliases",
    sql: `
      CREATE TABLE seal_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE barrier_terms (
        term INTEGER PRIMARY KEY,
        wrapped BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE access_keys (
        access_key_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (account_id),
        principal_arn TEXT NOT NULL,
        wrapped_secret BLOB NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX access_keys_by_principal ON access_keys (principal_arn);
      CREATE TABLE kms_keys (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        key_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        description TEXT NOT NULL,
        key_usage TEXT NOT NULL,
        key_spec TEXT NOT NULL,
        origin TEXT NOT NULL,
        key_manager TEXT NOT NULL,
        state TEXT NOT NULL,
        deletion_date INTEGER,
        pending_window_days INTEGER,
        rotation_enabled INTEGER NOT NULL,
        rotation_period_days INTEGER,
        next_rotation_at INTEGER,
        on_demand_rotation_started_at INTEGER,
        policy TEXT NOT NULL,
        multi_region INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, key_id)
      );
      CREATE INDEX kms_keys_due_for_deletion ON kms_keys (deletion_date) WHERE deletion_date IS NOT NULL;
      CREATE INDEX kms_keys_due_for_rotation ON kms_keys (next_rotation_at) WHERE rotation_enabled = 1;
      CREATE TABLE kms_key_materials (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        key_id TEXT NOT NULL,
        material_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        rotation_type TEXT,
        wrapped BLOB NOT NULL,
        PRIMARY KEY (account_id, region, key_id, material_id),
        UNIQUE (account_id, region, key_id, seq),
        FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
      );
      CREATE TABLE kms_key_tags (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        key_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        tag_key TEXT NOT NULL,
        tag_value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, key_id, tag_key),
        FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
      );
      CREATE TABLE kms_aliases (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        alias_name TEXT NOT NULL,
        target_key_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, alias_name),
        FOREIGN KEY (account_id, region, target_key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
      );
      CREATE INDEX kms_aliases_by_target ON kms_aliases (account_id, region, target_key_id);
    `,
  },
];
