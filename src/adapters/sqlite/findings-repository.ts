import type { FindingsRepository, StoredFinding } from "../../ports/findings-repository.js";
import type { Sqlite } from "./database.js";

interface FindingRow {
  id: string;
  account_id: string;
  rule: string;
  severity: string;
  last_seen: number;
  finding: string;
}

export function makeSqliteFindingsRepository(db: Sqlite): FindingsRepository {
  const statements = {
    upsert: db.prepare(`INSERT INTO findings VALUES (@id, @accountId, @rule, @severity, @lastSeen, @finding)
      ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, last_seen = excluded.last_seen, finding = excluded.finding`),
    list: db.prepare(`SELECT * FROM findings WHERE account_id = @accountId AND (@severity IS NULL OR severity = @severity) AND (@rule IS NULL OR rule = @rule)
      ORDER BY last_seen DESC LIMIT @limit`),
  };
  return {
    async upsert(f) {
      statements.upsert.run({ id: f.id, accountId: f.accountId, rule: f.rule, severity: f.severity, lastSeen: f.lastSeen.getTime(), finding: f.finding });
    },
    async list(query) {
      const rows = statements.list.all({ accountId: query.accountId, severity: query.severity ?? null, rule: query.rule ?? null, limit: query.limit }) as FindingRow[];
      return rows.map((r): StoredFinding => ({ id: r.id, accountId: r.account_id, rule: r.rule, severity: r.severity, lastSeen: new Date(r.last_seen), finding: r.finding }));
    },
  };
}
