import type { AccessKeyRecord, AccountRepository, CredentialRepository } from "../../ports/credential-repository.js";
import type { Sqlite } from "./database.js";

interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  principal_arn: string;
  wrapped_secret: Buffer;
  status: "Active" | "Inactive";
  created_at: number;
}

export function makeSqliteCredentialRepository(db: Sqlite): CredentialRepository {
  const statements = {
    find: db.prepare("SELECT * FROM access_keys WHERE access_key_id = ?"),
    insert: db.prepare(`INSERT INTO access_keys VALUES (@accessKeyId, @accountId, @principalArn, @wrappedSecret, @status, @createdAt)
      ON CONFLICT DO NOTHING`),
    count: db.prepare("SELECT COUNT(*) AS n FROM access_keys WHERE principal_arn = ?"),
  };
  return {
    async find(accessKeyId) {
      const row = statements.find.get(accessKeyId) as AccessKeyRow | undefined;
      if (row === undefined) return undefined;
      return {
        accessKeyId: row.access_key_id,
        accountId: row.account_id,
        principalArn: row.principal_arn,
        wrappedSecret: row.wrapped_secret,
        status: row.status,
        createdAt: new Date(row.created_at),
      };
    },
    async create(record: AccessKeyRecord) {
      return statements.insert.run({ ...record, createdAt: record.createdAt.getTime() }).changes === 1;
    },
    async countForPrincipal(principalArn) {
      return (statements.count.get(principalArn) as { n: number }).n;
    },
  };
}

export function makeSqliteAccountRepository(db: Sqlite): AccountRepository {
  const insert = db.prepare("INSERT INTO accounts VALUES (?, ?) ON CONFLICT DO NOTHING");
  const exists = db.prepare("SELECT 1 FROM accounts WHERE account_id = ?");
  return {
    async ensure(accountId, createdAt) {
      return insert.run(accountId, createdAt.getTime()).changes === 1;
    },
    async exists(accountId) {
      return exists.get(accountId) !== undefined;
    },
  };
}
