import type { AccessKeyRecord, AccountRepository, CredentialRepository, SessionRecord } from "../../ports/credential-repository.js";
import type { Sqlite } from "./database.js";

interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  principal_arn: string;
  wrapped_secret: Buffer;
  status: "Active" | "Inactive";
  created_at: number;
  user_id: string | null;
}

interface SessionRow {
  access_key_id: string;
  account_id: string;
  role_id: string;
  session_name: string;
  wrapped_secret: Buffer;
  token_hash: Buffer;
  created_at: number;
  expires_at: number;
}

const toRecord = (row: AccessKeyRow): AccessKeyRecord => ({
  accessKeyId: row.access_key_id,
  accountId: row.account_id,
  principalArn: row.principal_arn,
  wrappedSecret: row.wrapped_secret,
  status: row.status,
  createdAt: new Date(row.created_at),
  ...(row.user_id !== null ? { userId: row.user_id } : {}),
});

const toSession = (row: SessionRow): SessionRecord => ({
  accessKeyId: row.access_key_id,
  accountId: row.account_id,
  roleId: row.role_id,
  sessionName: row.session_name,
  wrappedSecret: row.wrapped_secret,
  tokenHash: row.token_hash,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
});

export function makeSqliteCredentialRepository(db: Sqlite): CredentialRepository {
  const statements = {
    find: db.prepare("SELECT * FROM access_keys WHERE access_key_id = ?"),
    insert: db.prepare(`INSERT INTO access_keys (access_key_id, account_id, principal_arn, wrapped_secret, status, created_at, user_id)
      VALUES (@accessKeyId, @accountId, @principalArn, @wrappedSecret, @status, @createdAt, @userId) ON CONFLICT DO NOTHING`),
    count: db.prepare("SELECT COUNT(*) AS n FROM access_keys WHERE principal_arn = ?"),
    userExists: db.prepare("SELECT 1 FROM iam_users WHERE user_id = ?"),
    list: db.prepare("SELECT * FROM access_keys WHERE principal_arn = ? ORDER BY created_at, access_key_id"),
    setStatus: db.prepare("UPDATE access_keys SET status = @status WHERE principal_arn = @principalArn AND access_key_id = @accessKeyId"),
    delete: db.prepare("DELETE FROM access_keys WHERE principal_arn = @principalArn AND access_key_id = @accessKeyId"),
    insertSession: db.prepare(`INSERT INTO sts_sessions (access_key_id, account_id, role_id, session_name, wrapped_secret, token_hash, created_at, expires_at)
      SELECT @accessKeyId, @accountId, @roleId, @sessionName, @wrappedSecret, @tokenHash, @createdAt, @expiresAt
      WHERE EXISTS (SELECT 1 FROM iam_roles WHERE role_id = @roleId) ON CONFLICT DO NOTHING`),
    findSession: db.prepare("SELECT * FROM sts_sessions WHERE access_key_id = ?"),
    roleSessions: db.prepare("SELECT access_key_id FROM sts_sessions WHERE role_id = ?"),
    purgeSessions: db.prepare("DELETE FROM sts_sessions WHERE access_key_id IN (SELECT access_key_id FROM sts_sessions WHERE expires_at < ? LIMIT ?)"),
  };
  const params = (record: AccessKeyRecord) => ({ ...record, createdAt: record.createdAt.getTime(), userId: record.userId ?? null });

  const createLimitedTx = db.transaction((record: AccessKeyRecord, max: number) => {
    if (record.userId !== undefined && statements.userExists.get(record.userId) === undefined) return "owner-missing" as const;
    if ((statements.count.get(record.principalArn) as { n: number }).n >= max) return "limit" as const;
    return statements.insert.run(params(record)).changes === 1 ? ("created" as const) : ("id-taken" as const);
  });

  return {
    async find(accessKeyId) {
      const row = statements.find.get(accessKeyId) as AccessKeyRow | undefined;
      return row && toRecord(row);
    },
    async create(record) {
      return statements.insert.run(params(record)).changes === 1;
    },
    async countForPrincipal(principalArn) {
      return (statements.count.get(principalArn) as { n: number }).n;
    },
    async createLimited(record, maxPerPrincipal) {
      return createLimitedTx.immediate(record, maxPerPrincipal);
    },
    async listForPrincipal(principalArn) {
      return (statements.list.all(principalArn) as AccessKeyRow[]).map(toRecord);
    },
    async setStatus(principalArn, accessKeyId, status) {
      return statements.setStatus.run({ principalArn, accessKeyId, status }).changes === 1;
    },
    async delete(principalArn, accessKeyId) {
      return statements.delete.run({ principalArn, accessKeyId }).changes === 1;
    },
    async createSession(record) {
      const row = { ...record, createdAt: record.createdAt.getTime(), expiresAt: record.expiresAt.getTime() };
      return statements.insertSession.run(row).changes === 1;
    },
    async findSession(accessKeyId) {
      const row = statements.findSession.get(accessKeyId) as SessionRow | undefined;
      return row && toSession(row);
    },
    async sessionKeyIdsForRole(roleId) {
      return (statements.roleSessions.all(roleId) as { access_key_id: string }[]).map((r) => r.access_key_id);
    },
    async purgeSessions(before, limit) {
      return statements.purgeSessions.run(before.getTime(), limit).changes;
    },
  };
}

export function makeSqliteAccountRepository(db: Sqlite): AccountRepository {
  const insert = db.prepare("INSERT INTO accounts VALUES (?, ?) ON CONFLICT DO NOTHING");
  const exists = db.prepare("SELECT 1 FROM accounts WHERE account_id = ?");
  const createdAt = db.prepare("SELECT created_at FROM accounts WHERE account_id = ?");
  return {
    async ensure(accountId, createdAt) {
      return insert.run(accountId, createdAt.getTime()).changes === 1;
    },
    async exists(accountId) {
      return exists.get(accountId) !== undefined;
    },
    async createdAt(accountId) {
      const row = createdAt.get(accountId) as { created_at: number } | undefined;
      return row && new Date(row.created_at);
    },
  };
}
