import type { BarrierTerm, SealConfig, SystemRepository } from "../../ports/system-repository.js";
import type { Sqlite } from "./database.js";

export function makeSqliteSystemRepository(db: Sqlite): SystemRepository {
  const statements = {
    sealConfig: db.prepare("SELECT config FROM seal_config WHERE id = 1"),
    insertSealConfig: db.prepare("INSERT INTO seal_config VALUES (1, ?, ?)"),
    insertTerm: db.prepare("INSERT INTO barrier_terms VALUES (?, ?, ?)"),
    terms: db.prepare("SELECT term, wrapped, created_at FROM barrier_terms ORDER BY term"),
  };
  const initializeTx = db.transaction((config: SealConfig, term: BarrierTerm) => {
    statements.insertSealConfig.run(JSON.stringify(config), term.createdAt.getTime());
    statements.insertTerm.run(term.term, term.wrapped, term.createdAt.getTime());
  });
  return {
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
  };
}
