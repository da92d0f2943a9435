import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import type { KeyLocator } from "../../core/kms/kms-key.js";
import type { GrantConstraints, GrantCreation, GrantPage, GrantRecord, GrantRepository } from "../../ports/grant-repository.js";
import type { Sqlite } from "./database.js";

interface GrantRow {
  seq: number;
  account_id: string;
  region: string;
  key_id: string;
  grant_id: string;
  name: string | null;
  grantee_principal: string;
  retiring_principal: string | null;
  grantee_pin: string | null;
  retiring_pin: string | null;
  issuing_account: string;
  operations: string;
  constraint_type: "EncryptionContextEquals" | "EncryptionContextSubset" | null;
  constraint_context: string | null;
  created_at: number;
}

/** Stored as sorted [key, value] pairs: no object keys such as "__proto__" go through JSON.parse as properties. */
function contextToJson(context: EncryptionContext): string {
  return JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function contextFromJson(json: string): EncryptionContext {
  const context = Object.create(null) as Record<string, string>;
  for (const [key, value] of JSON.parse(json) as [string, string][]) Object.defineProperty(context, key, { value, enumerable: true });
  return Object.freeze(context);
}

function constraintColumns(constraints: GrantConstraints | undefined): { constraintType: GrantRow["constraint_type"]; constraintContext: string | null } {
  if (constraints?.encryptionContextEquals !== undefined) return { constraintType: "EncryptionContextEquals", constraintContext: contextToJson(constraints.encryptionContextEquals) };
  if (constraints?.encryptionContextSubset !== undefined) return { constraintType: "EncryptionContextSubset", constraintContext: contextToJson(constraints.encryptionContextSubset) };
  return { constraintType: null, constraintContext: null };
}

function toGrant(r: GrantRow): GrantRecord {
  const context = r.constraint_context === null ? undefined : contextFromJson(r.constraint_context);
  return {
    key: { accountId: r.account_id, region: r.region, keyId: r.key_id },
    grantId: r.grant_id,
    ...(r.name !== null ? { name: r.name } : {}),
    granteePrincipal: r.grantee_principal,
    ...(r.grantee_pin !== null ? { granteePin: r.grantee_pin } : {}),
    ...(r.retiring_principal !== null ? { retiringPrincipal: r.retiring_principal } : {}),
    ...(r.retiring_pin !== null ? { retiringPin: r.retiring_pin } : {}),
    issuingAccount: r.issuing_account,
    operations: JSON.parse(r.operations) as string[],
    ...(r.constraint_type === "EncryptionContextEquals" && context ? { constraints: { encryptionContextEquals: context } } : {}),
    ...(r.constraint_type === "EncryptionContextSubset" && context ? { constraints: { encryptionContextSubset: context } } : {}),
    createdAt: new Date(r.created_at),
  };
}

const sameOperations = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((op) => set.has(op));
};

export function makeSqliteGrantRepository(db: Sqlite): GrantRepository {
  const KEY = "account_id = @accountId AND region = @region AND key_id = @keyId";
  const statements = {
    insert: db.prepare(`INSERT INTO kms_grants (account_id, region, key_id, grant_id, name, grantee_principal, retiring_principal,
      issuing_account, operations, constraint_type, constraint_context, created_at, grantee_pin, retiring_pin) VALUES (@accountId, @region,
      @keyId, @grantId, @name, @granteePrincipal, @retiringPrincipal, @issuingAccount, @operations, @constraintType, @constraintContext,
      @createdAt, @granteePin, @retiringPin)`),
    keyState: db.prepare(`SELECT state FROM kms_keys WHERE ${KEY}`),
    count: db.prepare(`SELECT COUNT(*) AS n FROM kms_grants WHERE ${KEY}`),
    named: db.prepare(`SELECT * FROM kms_grants WHERE ${KEY} AND name = @name ORDER BY seq`),
    get: db.prepare(`SELECT * FROM kms_grants WHERE ${KEY} AND grant_id = @grantId`),
    listForKey: db.prepare(`SELECT * FROM kms_grants WHERE ${KEY} ORDER BY seq`),
    listForGrantees: db.prepare(`SELECT * FROM kms_grants WHERE ${KEY} AND grantee_principal IN (SELECT value FROM json_each(@grantees)) ORDER BY seq`),
    list: db.prepare(`SELECT * FROM kms_grants WHERE ${KEY} AND seq > @after
      AND (@grantId IS NULL OR grant_id = @grantId) AND (@grantee IS NULL OR grantee_principal = @grantee) ORDER BY seq LIMIT @limit`),
    listRetirable: db.prepare(`SELECT * FROM kms_grants WHERE region = @region AND retiring_principal = @retiringPrincipal AND seq > @after
      ORDER BY seq LIMIT @limit`),
    delete: db.prepare(`DELETE FROM kms_grants WHERE ${KEY} AND grant_id = @grantId`),
  };

  const locator = (k: KeyLocator) => ({ accountId: k.accountId, region: k.region, keyId: k.keyId });

  /** A retry of the same named request: same issuer, grantee (the same principal), retiring principal, operations and constraints. */
  const sameRequest = (row: GrantRow, grant: GrantRecord) => {
    const { constraintType, constraintContext } = constraintColumns(grant.constraints);
    return (
      row.issuing_account === grant.issuingAccount &&
      row.grantee_principal === grant.granteePrincipal &&
      row.grantee_pin === (grant.granteePin ?? null) &&
      row.retiring_pin === (grant.retiringPin ?? null) &&
      row.retiring_principal === (grant.retiringPrincipal ?? null) &&
      sameOperations(JSON.parse(row.operations) as string[], grant.operations) &&
      row.constraint_type === constraintType &&
      row.constraint_context === constraintContext
    );
  };

  const createTx = db.transaction((grant: GrantRecord, maxPerKey: number): GrantCreation => {
    const key = locator(grant.key);
    const state = statements.keyState.get(key) as { state: string } | undefined;
    if (state === undefined || state.state === "PendingDeletion") return { outcome: "key-gone" };
    if (grant.name !== undefined) {
      const retried = (statements.named.all({ ...key, name: grant.name }) as GrantRow[]).find((row) => sameRequest(row, grant));
      if (retried !== undefined) return { outcome: "existing", grant: toGrant(retried) };
    }
    if ((statements.count.get(key) as { n: number }).n >= maxPerKey) return { outcome: "key-limit" };
    statements.insert.run({
      ...key,
      grantId: grant.grantId,
      name: grant.name ?? null,
      granteePrincipal: grant.granteePrincipal,
      retiringPrincipal: grant.retiringPrincipal ?? null,
      granteePin: grant.granteePin ?? null,
      retiringPin: grant.retiringPin ?? null,
      issuingAccount: grant.issuingAccount,
      operations: JSON.stringify(grant.operations),
      ...constraintColumns(grant.constraints),
      createdAt: grant.createdAt.getTime(),
    });
    return { outcome: "created", grant };
  });

  const page = (rows: GrantRow[], limit: number): GrantPage => {
    const grants = rows.slice(0, limit);
    const last = grants[grants.length - 1];
    return { grants: grants.map(toGrant), ...(rows.length > limit && last ? { next: last.seq } : {}) };
  };

  return {
    async listForKey(key, grantees) {
      const rows = grantees === undefined ? statements.listForKey.all(locator(key)) : statements.listForGrantees.all({ ...locator(key), grantees: JSON.stringify(grantees) });
      return (rows as GrantRow[]).map(toGrant);
    },
    async create(grant, maxPerKey) {
      return createTx.immediate(grant, maxPerKey);
    },
    async get(key, grantId) {
      const row = statements.get.get({ ...locator(key), grantId }) as GrantRow | undefined;
      return row && toGrant(row);
    },
    async list(key, filter) {
      const rows = statements.list.all({
        ...locator(key),
        after: filter.after ?? 0,
        grantId: filter.grantId ?? null,
        grantee: filter.granteePrincipal ?? null,
        limit: filter.limit + 1,
      }) as GrantRow[];
      return page(rows, filter.limit);
    },
    async listRetirable(region, retiringPrincipal, paging) {
      const rows = statements.listRetirable.all({ region, retiringPrincipal, after: paging.after ?? 0, limit: paging.limit + 1 }) as GrantRow[];
      return page(rows, paging.limit);
    },
    async delete(key, grantId) {
      return statements.delete.run({ ...locator(key), grantId }).changes === 1;
    },
  };
}
