import type { Store } from "../../ports/store.js";
import { makeSqliteAliasRepository } from "./alias-repository.js";
import { makeSqliteAuditRepository } from "./audit-repository.js";
import { ThreadedAuditAppender } from "./audit-writer-thread.js";
import { makeSqliteCustomKeyStoreRepository } from "./custom-key-store-repository.js";
import { makeSqliteConfigHistory } from "./config-history.js";
import { makeSqliteFindingsRepository } from "./findings-repository.js";
import { makeSqliteAccountRepository, makeSqliteCredentialRepository } from "./credential-repository.js";
import { openSqlite } from "./database.js";
import { makeSqliteGrantRepository } from "./grant-repository.js";
import { makeSqliteIamRepository } from "./iam-repository.js";
import { makeSqliteKeyRepository } from "./key-repository.js";
import { makeSqliteSystemRepository } from "./system-repository.js";

/**
 * The store on one SQLite file. A server passes `auditWriterThread`: audit batches are then
 * appended by a thread of their own (see ThreadedAuditAppender); offline commands write inline.
 */
export function openSqliteStore(path: string, options: { partition: string; auditWriterThread?: boolean }): Store {
  const db = openSqlite(path);
  const audit = makeSqliteAuditRepository(db);
  const writer = options.auditWriterThread === true ? new ThreadedAuditAppender(path) : undefined;
  return {
    keys: makeSqliteKeyRepository(db, options.partition),
    aliases: makeSqliteAliasRepository(db),
    grants: makeSqliteGrantRepository(db),
    credentials: makeSqliteCredentialRepository(db),
    accounts: makeSqliteAccountRepository(db),
    iam: makeSqliteIamRepository(db),
    system: makeSqliteSystemRepository(db),
    audit: writer === undefined ? audit : { ...audit, appendEvents: (events) => writer.appendEvents(events) },
    configHistory: makeSqliteConfigHistory(db),
    findings: makeSqliteFindingsRepository(db),
    customKeyStores: makeSqliteCustomKeyStoreRepository(db),
    async close() {
      await writer?.close();
      if (db.open) db.close();
    },
  };
}
