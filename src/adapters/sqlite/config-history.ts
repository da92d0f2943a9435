import type { ConfigHistoryRepository, ConfigurationItem } from "../../ports/config-history.js";
import type { Sqlite } from "./database.js";

interface ItemRow {
  key_arn: string;
  account_id: string;
  capture_time: number;
  changed_by: string;
  configuration: string;
}

const toItem = (r: ItemRow): ConfigurationItem => ({
  keyArn: r.key_arn,
  accountId: r.account_id,
  captureTime: new Date(r.capture_time),
  changedBy: r.changed_by,
  configuration: r.configuration,
});

export function makeSqliteConfigHistory(db: Sqlite): ConfigHistoryRepository {
  const statements = {
    insert: db.prepare("INSERT INTO config_items (key_arn, account_id, capture_time, changed_by, configuration) VALUES (?, ?, ?, ?, ?)"),
    at: db.prepare("SELECT * FROM config_items WHERE key_arn = ? AND capture_time <= ? ORDER BY capture_time DESC, id DESC LIMIT 1"),
    history: db.prepare("SELECT * FROM config_items WHERE key_arn = ? AND capture_time >= ? AND capture_time <= ? ORDER BY capture_time, id LIMIT ?"),
  };
  return {
    async append(item) {
      statements.insert.run(item.keyArn, item.accountId, item.captureTime.getTime(), item.changedBy, item.configuration);
    },
    async at(keyArn, at) {
      const row = statements.at.get(keyArn, at?.getTime() ?? Number.MAX_SAFE_INTEGER) as ItemRow | undefined;
      return row && toItem(row);
    },
    async history(keyArn, range) {
      return (statements.history.all(keyArn, range.from?.getTime() ?? 0, range.to?.getTime() ?? Number.MAX_SAFE_INTEGER, range.limit) as ItemRow[]).map(toItem);
    },
  };
}
