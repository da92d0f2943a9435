import type { CustomKeyStore, CustomKeyStoreLocator } from "../../core/kms/custom-key-store.js";
import type { CustomKeyStoreRepository } from "../../ports/custom-key-store-repository.js";
import type { Sqlite } from "./database.js";

interface StoreRow {
  account_id: string;
  region: string;
  id: string;
  name: string;
  cluster_id: string;
  trust_anchor_certificate: string;
  sealed_password: Buffer;
  token_serial: string;
  created_at: number;
  connect_requested: number;
  revision: number;
}

const LOCATOR = "account_id = @accountId AND region = @region AND id = @id";

function toStore(row: StoreRow): CustomKeyStore {
  return {
    accountId: row.account_id,
    region: row.region,
    id: row.id,
    name: row.name,
    clusterId: row.cluster_id,
    trustAnchorCertificate: row.trust_anchor_certificate,
    sealedPassword: row.sealed_password,
    tokenSerial: row.token_serial,
    createdAt: new Date(row.created_at),
    connectRequested: row.connect_requested === 1,
    revision: row.revision,
  };
}

const params = (store: CustomKeyStore) => ({
  accountId: store.accountId,
  region: store.region,
  id: store.id,
  name: store.name,
  clusterId: store.clusterId,
  trustAnchorCertificate: store.trustAnchorCertificate,
  sealedPassword: store.sealedPassword,
  tokenSerial: store.tokenSerial,
  createdAt: store.createdAt.getTime(),
  connectRequested: store.connectRequested ? 1 : 0,
  revision: store.revision,
});
const locatorParams = (l: CustomKeyStoreLocator) => ({ accountId: l.accountId, region: l.region, id: l.id });

export function makeSqliteCustomKeyStoreRepository(db: Sqlite): CustomKeyStoreRepository {
  const statements = {
    insert: db.prepare(`INSERT OR IGNORE INTO custom_key_stores (account_id, region, id, name, cluster_id, trust_anchor_certificate, sealed_password,
      token_serial, created_at, connect_requested, revision) VALUES (@accountId, @region, @id, @name, @clusterId, @trustAnchorCertificate,
      @sealedPassword, @tokenSerial, @createdAt, @connectRequested, @revision)`),
    get: db.prepare(`SELECT * FROM custom_key_stores WHERE ${LOCATOR}`),
    byName: db.prepare(`SELECT * FROM custom_key_stores WHERE account_id = @accountId AND region = @region AND name = @name`),
    byAccount: db.prepare(`SELECT * FROM custom_key_stores WHERE account_id = @accountId ORDER BY region, id`),
    list: db.prepare(`SELECT * FROM custom_key_stores WHERE account_id = @accountId AND region = @region AND id > @after ORDER BY id LIMIT @limit`),
    update: db.prepare(`UPDATE OR IGNORE custom_key_stores SET name = @name, cluster_id = @clusterId, sealed_password = @sealedPassword,
      connect_requested = @connectRequested, revision = @revision WHERE ${LOCATOR} AND revision = @revision - 1`),
    deleteIfEmpty: db.prepare(`DELETE FROM custom_key_stores WHERE ${LOCATOR} AND revision = @revision AND NOT EXISTS
      (SELECT 1 FROM kms_keys WHERE kms_keys.account_id = @accountId AND kms_keys.region = @region AND kms_keys.custom_key_store_id = @id)`),
    countKeys: db.prepare(`SELECT COUNT(*) AS n FROM kms_keys WHERE account_id = @accountId AND region = @region AND custom_key_store_id = @id`),
    connectRequested: db.prepare(`SELECT * FROM custom_key_stores WHERE connect_requested = 1 ORDER BY account_id, region, id`),
  };
  return {
    async create(store) {
      return statements.insert.run(params(store)).changes === 1;
    },
    async get(locator) {
      const row = statements.get.get(locatorParams(locator)) as StoreRow | undefined;
      return row && toStore(row);
    },
    async findByName(accountId, region, name) {
      const row = statements.byName.get({ accountId, region, name }) as StoreRow | undefined;
      return row && toStore(row);
    },
    async listAccount(accountId) {
      return (statements.byAccount.all({ accountId }) as StoreRow[]).map(toStore);
    },
    async list(accountId, region, afterId, limit) {
      const rows = statements.list.all({ accountId, region, after: afterId ?? "", limit: limit + 1 }) as StoreRow[];
      return { stores: rows.slice(0, limit).map(toStore), truncated: rows.length > limit };
    },
    async update(store) {
      return statements.update.run(params(store)).changes === 1;
    },
    async deleteIfEmpty(store) {
      return statements.deleteIfEmpty.run({ ...locatorParams(store), revision: store.revision }).changes === 1;
    },
    async countKeys(store) {
      return (statements.countKeys.get(locatorParams(store)) as { n: number }).n;
    },
    async connectRequested() {
      return (statements.connectRequested.all() as StoreRow[]).map(toStore);
    },
  };
}
