import type { Store } from "../../ports/store.js";
import { makeSqliteAliasRepository } from "./alias-repository.js";
import { makeSqliteAuditRepository } from "./audit-repository.js";
import { ThreadedAuditAppender } from "./audit-writer-thread.js";
import { makeSqliteCustomKeyStoreRepository } from "./custom-key-store-repository.js";
import { makeSqliteConfigHistory } from "./config-history.js";
import { makeSqliteFindingsRepository } from "./findings-repository.js";
import { makeSqliteAccountRepository, makeSqliteCredentialRepository } from "./credential-repository.js";
import { openSqlite } from "./database.js";
import { MIGRATIONS } from "./migrations.js";
import { CHECKPOINT_INTERVAL_MS, WalCheckpointer } from "./wal-checkpointer.js";
import { makeSqliteGrantRepository } from "./grant-repository.js";
import { makeSqliteIamRepository } from "./iam-repository.js";
import { makeSqliteKeyRepository } from "./key-repository.js";
import { makeSqliteParameterRepository } from "./parameter-repository.js";
import { makeSqliteSecretRepository } from "./secret-repository.js";
import { makeSqliteSystemRepository } from "./system-repository.js";

export interface SqliteStoreOptions {
  readonly partition: string;
  /** Audit batches are appended by a thread of their own (see ThreadedAuditAppender); offline commands write inline. */
  readonly auditWriterThread?: boolean;
  /** WAL checkpoints run on a thread of their own, never inside a commit (see WalCheckpointer). */
  readonly checkpointThread?: boolean;
  /** Told of failures of the background threads that nobody waits on (the checkpointer), for the log. */
  readonly onBackgroundProblem?: (problem: string) => void;
}

/** The store on one SQLite file. A server passes both thread options; offline commands neither. */
export function openSqliteStore(path: string, options: SqliteStoreOptions): Store {
  const connection = { autoCheckpoint: options.checkpointThread !== true };
  const db = openSqlite(path, MIGRATIONS, connection);
  const audit = makeSqliteAuditRepository(db);
  const checkpointer = options.checkpointThread === true ? new WalCheckpointer({ path, intervalMs: CHECKPOINT_INTERVAL_MS }, options.onBackgroundProblem) : undefined;
  const writer = options.auditWriterThread === true ? new ThreadedAuditAppender(path, connection) : undefined;
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
    secrets: makeSqliteSecretRepository(db),
    parameters: makeSqliteParameterRepository(db),
    async close() {
      await writer?.close();
      await checkpointer?.close();
      if (db.open) db.close();
    },
  };
}
