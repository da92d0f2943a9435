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
  {
    version: 2,
    name: "IAM users, roles, inline policies, tags; user access keys; STS sessions",
    // IAM names are unique per account without regard to case (AWS: you cannot have both "ADMINS"
    // and "admins"), hence NOCASE. Tags and inline policies hang off the stable principal id, so a
    // user deleted and created again under the same name starts empty. A session's secret is a
    // sealed box like an access key's; of its token only a SHA-256 digest is kept.
    sql: `
      ALTER TABLE access_keys ADD COLUMN user_id TEXT;
      CREATE INDEX access_keys_by_user ON access_keys (user_id) WHERE user_id IS NOT NULL;
      CREATE TABLE iam_users (
        account_id TEXT NOT NULL REFERENCES accounts (account_id),
        user_name TEXT NOT NULL COLLATE NOCASE,
        user_id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, user_name)
      );
      CREATE TABLE iam_roles (
        account_id TEXT NOT NULL REFERENCES accounts (account_id),
        role_name TEXT NOT NULL COLLATE NOCASE,
        role_id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        assume_role_policy TEXT NOT NULL,
        description TEXT,
        max_session_duration INTEGER NOT NULL,
        PRIMARY KEY (account_id, role_name)
      );
      CREATE TABLE iam_user_tags (
        principal_id TEXT NOT NULL REFERENCES iam_users (user_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        tag_key TEXT NOT NULL COLLATE NOCASE,
        tag_value TEXT NOT NULL,
        PRIMARY KEY (principal_id, tag_key)
      );
      CREATE TABLE iam_role_tags (
        principal_id TEXT NOT NULL REFERENCES iam_roles (role_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        tag_key TEXT NOT NULL COLLATE NOCASE,
        tag_value TEXT NOT NULL,
        PRIMARY KEY (principal_id, tag_key)
      );
      CREATE TABLE iam_user_policies (
        principal_id TEXT NOT NULL REFERENCES iam_users (user_id) ON DELETE CASCADE,
        policy_name TEXT NOT NULL COLLATE NOCASE,
        document TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (principal_id, policy_name)
      );
      CREATE TABLE iam_role_policies (
        principal_id TEXT NOT NULL REFERENCES iam_roles (role_id) ON DELETE CASCADE,
        policy_name TEXT NOT NULL COLLATE NOCASE,
        document TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (principal_id, policy_name)
      );
      CREATE TABLE sts_sessions (
        access_key_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        role_id TEXT NOT NULL REFERENCES iam_roles (role_id) ON DELETE CASCADE,
        session_name TEXT NOT NULL,
        wrapped_secret BLOB NOT NULL,
        token_hash BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sts_sessions_by_role ON sts_sessions (role_id);
      CREATE INDEX sts_sessions_by_expiry ON sts_sessions (expires_at);
    `,
  },
  {
    version: 3,
    name: "KMS grants",
    // seq orders grants by creation for ListGrants and ListRetirableGrants pages. Operations and
    // the constraint's encryption context are JSON (an array, and an array of [key, value] pairs).
    sql: `
      CREATE TABLE kms_grants (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        key_id TEXT NOT NULL,
        grant_id TEXT NOT NULL,
        name TEXT,
        grantee_principal TEXT NOT NULL,
        retiring_principal TEXT,
        issuing_account TEXT NOT NULL,
        operations TEXT NOT NULL,
        constraint_type TEXT CHECK (constraint_type IN ('EncryptionContextEquals', 'EncryptionContextSubset')),
        constraint_context TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (account_id, region, key_id, grant_id),
        FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
      );
      CREATE INDEX kms_grants_by_key ON kms_grants (account_id, region, key_id, seq);
      CREATE INDEX kms_grants_by_grantee ON kms_grants (account_id, region, key_id, grantee_principal);
      CREATE INDEX kms_grants_by_retiring_principal ON kms_grants (region, retiring_principal, seq) WHERE retiring_principal IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: "principal pins: the unique ids of the users and roles that key policies, trust policies and grants name",
    sql: `
      ALTER TABLE kms_keys ADD COLUMN policy_pins TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE iam_roles ADD COLUMN trust_policy_pins TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE kms_grants ADD COLUMN grantee_pin TEXT;
      ALTER TABLE kms_grants ADD COLUMN retiring_pin TEXT;
    `,
  },
  {
    version: 5,
    name: "asymmetric keys: the public key of each key (DER SubjectPublicKeyInfo, not secret)",
    sql: `
      ALTER TABLE kms_keys ADD COLUMN public_key BLOB;
    `,
  },
  {
    version: 6,
    name: "audit trail: hash-chained CloudTrail events, signed digests, the digest signing key",
    sql: `
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        event_time INTEGER NOT NULL,
        event_name TEXT NOT NULL,
        event_source TEXT NOT NULL,
        account_id TEXT NOT NULL,
        username TEXT,
        access_key_id TEXT,
        read_only INTEGER NOT NULL,
        resource_names TEXT NOT NULL,
        event TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      -- A call across accounts is filed in both: one event id, one record per account.
      CREATE UNIQUE INDEX audit_events_by_account_event ON audit_events (account_id, event_id);
      -- LookupEvents reads one account's events newest first, by one attribute.
      CREATE INDEX audit_events_by_account ON audit_events (account_id, seq);
      CREATE INDEX audit_events_by_name ON audit_events (account_id, event_name, seq);
      CREATE INDEX audit_events_by_username ON audit_events (account_id, username, seq);
      CREATE INDEX audit_events_by_access_key ON audit_events (account_id, access_key_id, seq);
      CREATE INDEX audit_events_by_source ON audit_events (account_id, event_source, seq);
      CREATE TABLE audit_resources (
        account_id TEXT NOT NULL,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (account_id, name, seq)
      );
      CREATE TABLE audit_digests (
        to_seq INTEGER PRIMARY KEY,
        from_seq INTEGER NOT NULL,
        digest TEXT NOT NULL
      );
      CREATE TABLE kms_key_last_use (
        key_arn TEXT PRIMARY KEY,
        operation TEXT NOT NULL,
        used_at INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        request_id TEXT NOT NULL
      );
      CREATE TABLE audit_signing_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        wrapped_private_key BLOB NOT NULL,
        public_key BLOB NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: "configuration history: each key's configuration after every change",
    sql: `
      CREATE TABLE config_items (
        id INTEGER PRIMARY KEY,
        key_arn TEXT NOT NULL,
        account_id TEXT NOT NULL,
        capture_time INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        configuration TEXT NOT NULL
      );
      CREATE INDEX config_items_by_key ON config_items (key_arn, capture_time, id);
    `,
  },
  {
    version: 8,
    name: "findings: what the rules over the audit trail raised",
    sql: `
      CREATE TABLE findings (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        severity TEXT NOT NULL,
        last_seen INTEGER NOT NULL,
        finding TEXT NOT NULL
      );
      CREATE INDEX findings_by_account ON findings (account_id, last_seen);
    `,
  },
  // Version 9 was reserved for the seal and never needed: the seal configuration is JSON in seal_config.
  {
    version: 10,
    name: "imported key material (BYOK): each EXTERNAL key's sealed commitment key, and the import state of each of its materials",
    // The material itself is a row of kms_key_materials (a sealed box) while it is present, and that
    // row is deleted when the material is deleted or expires. What stays, here, is each material's
    // KeyMaterialId (a keyed commitment to the material, revealing nothing of it), its place in the
    // key's rotation history, its expiration and whether it is present or pending rotation.
    sql: `
      ALTER TABLE kms_keys ADD COLUMN wrapped_commitment_key BLOB;
      CREATE TABLE kms_imported_materials (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        key_id TEXT NOT NULL,
        material_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        rotation_type TEXT,
        imported INTEGER NOT NULL,
        expiration_model TEXT NOT NULL CHECK (expiration_model IN ('KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE')),
        valid_to INTEGER,
        description TEXT,
        pending_rotation INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, key_id, material_id),
        UNIQUE (account_id, region, key_id, seq),
        FOREIGN KEY (account_id, region, key_id) REFERENCES kms_keys (account_id, region, key_id) ON DELETE CASCADE
      );
      CREATE INDEX kms_imported_materials_expiry ON kms_imported_materials (valid_to) WHERE imported = 1 AND valid_to IS NOT NULL;
    `,
  },
  {
    version: 11,
    name: "custom key stores: CloudHSM key stores served by PKCS#11 tokens, and the keys they hold",
    sql: `
      CREATE TABLE custom_key_stores (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        cluster_id TEXT NOT NULL,
        trust_anchor_certificate TEXT NOT NULL,
        sealed_password BLOB NOT NULL,
        token_serial TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        connect_requested INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, id),
        UNIQUE (account_id, region, name)
      );
      CREATE UNIQUE INDEX custom_key_stores_by_cluster ON custom_key_stores (account_id, cluster_id);
      CREATE UNIQUE INDEX custom_key_stores_by_id ON custom_key_stores (id);
      -- A key cannot name a store that is gone, nor a store go while a key names it, whatever the race.
      ALTER TABLE kms_keys ADD COLUMN custom_key_store_id TEXT REFERENCES custom_key_stores (id);
      CREATE INDEX kms_keys_by_custom_key_store ON kms_keys (account_id, region, custom_key_store_id) WHERE custom_key_store_id IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: "Secrets Manager: secrets, their sealed versions, and the staging labels on them",
    // A version row is written once; only UpdateSecret's move to another KMS key rewrites its data
    // key and sealed value, and the value of an 'empty' version (the AWSPENDING placeholder a
    // rotation starts with) is written once, by PutSecretValue. Labels live apart so that moving
    // one touches only its row.
    sql: `
      CREATE TABLE secrets (
        arn TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        kms_key_id TEXT,
        created_at INTEGER NOT NULL,
        last_changed_at INTEGER NOT NULL,
        last_accessed_at INTEGER,
        deletion_date INTEGER,
        rotation TEXT,
        next_rotation_at INTEGER,
        resource_policy TEXT,
        tags TEXT,
        revision INTEGER NOT NULL,
        UNIQUE (account_id, region, name)
      );
      CREATE INDEX secrets_due_for_deletion ON secrets (deletion_date) WHERE deletion_date IS NOT NULL;
      CREATE INDEX secrets_due_for_rotation ON secrets (next_rotation_at) WHERE next_rotation_at IS NOT NULL;
      CREATE TABLE secret_versions (
        secret_arn TEXT NOT NULL REFERENCES secrets (arn) ON DELETE CASCADE,
        version_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('string', 'binary', 'empty')),
        kms_key_arn TEXT,
        default_key INTEGER NOT NULL DEFAULT 0,
        encrypted_data_key BLOB NOT NULL,
        sealed_value BLOB NOT NULL,
        last_accessed_at INTEGER,
        PRIMARY KEY (secret_arn, version_id)
      );
      CREATE TABLE secret_version_stages (
        secret_arn TEXT NOT NULL,
        label TEXT NOT NULL,
        version_id TEXT NOT NULL,
        PRIMARY KEY (secret_arn, label),
        FOREIGN KEY (secret_arn, version_id) REFERENCES secret_versions (secret_arn, version_id) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 13,
    name: "Parameter Store: parameters, their versions (SecureString values sealed), and the labels on them",
    // A version row is written once. String and StringList values are stored as given; a
    // SecureString value is sealed under its own data key, kept encrypted by KMS beside it.
    // policy_due_at is when the policy sweep must look at the parameter next.
    sql: `
      CREATE TABLE parameters (
        arn TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('String', 'StringList', 'SecureString')),
        key_id TEXT,
        description TEXT,
        allowed_pattern TEXT,
        tier TEXT NOT NULL CHECK (tier IN ('Standard', 'Advanced')),
        data_type TEXT NOT NULL,
        policies TEXT NOT NULL,
        tags TEXT NOT NULL,
        version INTEGER NOT NULL,
        last_modified_at INTEGER NOT NULL,
        last_modified_user TEXT NOT NULL,
        notified TEXT NOT NULL,
        policy_due_at INTEGER,
        revision INTEGER NOT NULL
      );
      CREATE INDEX parameters_by_account ON parameters (account_id, region, arn);
      CREATE INDEX parameters_policy_due ON parameters (policy_due_at) WHERE policy_due_at IS NOT NULL;
      CREATE TABLE parameter_versions (
        parameter_arn TEXT NOT NULL REFERENCES parameters (arn) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        key_id TEXT,
        description TEXT,
        allowed_pattern TEXT,
        tier TEXT NOT NULL,
        data_type TEXT NOT NULL,
        policies TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_modified_user TEXT NOT NULL,
        plain_value TEXT,
        encrypted_data_key BLOB,
        sealed_value BLOB,
        key_arn TEXT,
        PRIMARY KEY (parameter_arn, version),
        CHECK ((plain_value IS NULL) = (sealed_value IS NOT NULL AND encrypted_data_key IS NOT NULL))
      );
      CREATE TABLE parameter_version_labels (
        parameter_arn TEXT NOT NULL,
        label TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (parameter_arn, label),
        FOREIGN KEY (parameter_arn, version) REFERENCES parameter_versions (parameter_arn, version) ON DELETE CASCADE
      );
    `,
  },
];
