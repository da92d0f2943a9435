import type { BarrierTerm, SealConfig, SystemRepository } from "../../ports/system-repository.js";
import type { Sqlite } from "./database.js";

export function makeSqliteSystemRepository(db: Sqlite): SystemRepository {
  const statements = {
    sealConfig: db.prepare("SELECT config FROM seal_config WHERE id = 1"),
    insertSealConfig: db.prepare("INSERT INTO seal_config VALUES (1, ?, ?)"),
    insertTerm: db.prepare("INSERT INTO barrier_terms VALUES (?, ?, ?)"),
    terms: db.prepare("SELECT term, wrapped, created_at FROM barrier_terms ORDER BY term"),
    replaceSealConfig: db.prepare("UPDATE seal_config SET config = ? WHERE id = 1 AND config = ?"),
    rewrapTerm: db.prepare("UPDATE barrier_terms SET wrapped = ? WHERE term = ?"),
  };
  const initializeTx = db.transaction((config: SealConfig, term: BarrierTerm) => {
    statements.insertSealConfig.run(JSON.stringify(config), term.createdAt.getTime());
    statements.insertTerm.run(term.term, term.wrapped, term.createdAt.getTime());
  });
  const replaceSealTx = db.transaction((expected: SealConfig, next: SealConfig, rewrapped: readonly { term: number; wrapped: Buffer }[]): boolean => {
    if (statements.replaceSealConfig.run(JSON.stringify(next), JSON.stringify(expected)).changes !== 1) return false;
    for (const term of rewrapped) {
      if (statements.rewrapTerm.run(term.wrapped, term.term).changes !== 1) throw new Error(`barrier term ${term.term} is missing`);
    }
    return true;
  });
  // Every table not named here is state a reset clears, so a table added later is cleared too.
  const kept = new Set(["schema_migrations", "seal_config", "barrier_terms", "audit_events", "audit_resources", "audit_digests", "audit_signing_key", "sqlite_sequence"]);
  const clearTx = db.transaction((): number => {
    db.pragma("defer_foreign_keys = ON");
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((row) => row.name);
    let deleted = 0;
    for (const table of tables.filter((name) => !kept.has(name))) deleted += db.prepare(`DELETE FROM "${table.replaceAll('"', '""')}"`).run().changes;
    return deleted;
  });
  return {
    async clearStateKeepingTrail() {
      return clearTx.immediate();
    },
    async sealConfig() {
      const row = statements.sealConfig.get() as { config: string } | undefined;
      return row === undefined ? undefined : (JSON.parse(row.config) as SealConfig);
    },
    async initialize(config, firstTerm) {
      initializeTx.immediate(config, firstTerm);
    },
    async barrierTerms() {
      return (statements.terms.all() as { term: number; wrapped: Buffer; created_at: number }[]).map((r) => ({
        term: r.term,
        wrapped: r.wrapped,
        createdAt: new Date(r.created_at),
      }));
    },
    async replaceSeal(expected, next, rewrapped) {
      return replaceSealTx.immediate(expected, next, rewrapped);
    },
  };
}
