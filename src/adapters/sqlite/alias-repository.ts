import type { Alias, AliasRepository, AliasWrite } from "../../ports/alias-repository.js";
import type { Sqlite } from "./database.js";

interface AliasRow {
  account_id: string;
  region: string;
  alias_name: string;
  target_key_id: string;
  created_at: number;
  updated_at: number;
}

const toAlias = (r: AliasRow): Alias => ({
  accountId: r.account_id,
  region: r.region,
  aliasName: r.alias_name,
  targetKeyId: r.target_key_id,
  createdAt: new Date(r.created_at),
  lastUpdatedAt: new Date(r.updated_at),
});

export function makeSqliteAliasRepository(db: Sqlite): AliasRepository {
  const scope = "account_id = @accountId AND region = @region";
  const statements = {
    insert: db.prepare(`INSERT INTO kms_aliases VALUES (@accountId, @region, @aliasName, @targetKeyId, @createdAt, @updatedAt)
      ON CONFLICT DO NOTHING`),
    get: db.prepare(`SELECT * FROM kms_aliases WHERE ${scope} AND alias_name = @aliasName`),
    retarget: db.prepare(`UPDATE kms_aliases SET target_key_id = @targetKeyId, updated_at = @now WHERE ${scope} AND alias_name = @aliasName`),
    delete: db.prepare(`DELETE FROM kms_aliases WHERE ${scope} AND alias_name = @aliasName`),
    list: db.prepare(`SELECT * FROM kms_aliases WHERE ${scope} AND alias_name > @after ORDER BY alias_name LIMIT @limit`),
    listForKey: db.prepare(`SELECT * FROM kms_aliases WHERE ${scope} AND target_key_id = @targetKeyId AND alias_name > @after
      ORDER BY alias_name LIMIT @limit`),
    targetState: db.prepare(`SELECT state FROM kms_keys WHERE ${scope} AND key_id = @targetKeyId`),
    countForKey: db.prepare(`SELECT COUNT(*) AS n FROM kms_aliases WHERE ${scope} AND target_key_id = @targetKeyId`),
  };

  /** The checks on a target key, inside the writing transaction so no purge or other alias can slip in. */
  const targetProblem = (params: { accountId: string; region: string; targetKeyId: string }, maxPerKey: number): AliasWrite | undefined => {
    const key = statements.targetState.get(params) as { state: string } | undefined;
    if (key === undefined || key.state === "PendingDeletion") return "key-gone";
    if ((statements.countForKey.get(params) as { n: number }).n >= maxPerKey) return "key-limit";
    return undefined;
  };

  const createTx = db.transaction((alias: Alias, maxPerKey: number): Exclude<AliasWrite, "alias-missing"> => {
    const params = {
      accountId: alias.accountId,
      region: alias.region,
      aliasName: alias.aliasName,
      targetKeyId: alias.targetKeyId,
      createdAt: alias.createdAt.getTime(),
      updatedAt: alias.lastUpdatedAt.getTime(),
    };
    if (statements.get.get(params) !== undefined) return "name-taken";
    const problem = targetProblem(params, maxPerKey);
    if (problem !== undefined) return problem as "key-gone" | "key-limit";
    return statements.insert.run(params).changes === 1 ? "done" : "name-taken";
  });

  const retargetTx = db.transaction((params: { accountId: string; region: string; aliasName: string; targetKeyId: string; now: number }, maxPerKey: number) => {
    const current = statements.get.get(params) as AliasRow | undefined;
    if (current === undefined) return "alias-missing" as const;
    if (current.target_key_id === params.targetKeyId) {
      statements.retarget.run(params);
      return "done" as const;
    }
    const problem = targetProblem(params, maxPerKey);
    if (problem !== undefined) return problem as "key-gone" | "key-limit";
    statements.retarget.run(params);
    return "done" as const;
  });

  return {
    async create(alias, maxPerKey) {
      return createTx.immediate(alias, maxPerKey);
    },
    async get(accountId, region, aliasName) {
      const row = statements.get.get({ accountId, region, aliasName }) as AliasRow | undefined;
      return row && toAlias(row);
    },
    async retarget(accountId, region, aliasName, targetKeyId, now, maxPerKey) {
      return retargetTx.immediate({ accountId, region, aliasName, targetKeyId, now: now.getTime() }, maxPerKey);
    },
    async delete(accountId, region, aliasName) {
      return statements.delete.run({ accountId, region, aliasName }).changes === 1;
    },
    async list(accountId, region, filter) {
      const params = { accountId, region, after: filter.afterName ?? "", limit: filter.limit + 1, targetKeyId: filter.targetKeyId };
      const rows = (filter.targetKeyId === undefined ? statements.list.all(params) : statements.listForKey.all(params)) as AliasRow[];
      return { aliases: rows.slice(0, filter.limit).map(toAlias), truncated: rows.length > filter.limit };
    },
  };
}
