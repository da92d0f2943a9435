import type { Store } from "../../ports/store.js";
import { makeSqliteAliasRepository } from "./alias-repository.js";
import { makeSqliteAuditRepository } from "./audit-repository.js";
import { makeSqliteCustomKeyStoreRepository } from "./custom-key-store-repository.js";
import { makeSqliteConfigHistory } from "./config-history.js";
import { makeSqliteFindingsRepository } from "./findings-repository.js";
import { makeSqliteAccountRepository, makeSqliteCredentialRepository } from "./credential-repository.js";
import { openSqlite } from "./database.js";
import { makeSqliteGrantRepository } from "./grant-repository.js";
import { makeSqliteIamRepository } from "./iam-repository.js";
import { makeSqliteKeyRepository } from "./key-repository.js";
import { makeSqliteSystemRepository } from "./system-repository.js";

export function openSqliteStore(path: string, options: { partition: string }): Store {
  const db = openSqlite(path);
  return {
    keys: makeSqliteKeyRepository(db, options.partition),
    aliases: makeSqliteAliasRepository(db),
    grants: makeSqliteGrantRepository(db),
    credentials: makeSqliteCredentialRepository(db),
    accounts: makeSqliteAccountRepository(db),
    iam: makeSqliteIamRepository(db),
    system: makeSqliteSystemRepository(db),
    audit: makeSqliteAuditRepository(db),
    configHistory: makeSqliteConfigHistory(db),
    findings: makeSqliteFindingsRepository(db),
    customKeyStores: makeSqliteCustomKeyStoreRepository(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
