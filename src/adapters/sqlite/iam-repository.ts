import { pinsFrom } from "./pins.js";
import type { IamRepository, IamRole, IamTag, IamUser, InlinePolicy, PrincipalKind } from "../../ports/iam-repository.js";
import type { Sqlite } from "./database.js";

interface UserRow {
  account_id: string;
  user_name: string;
  user_id: string;
  path: string;
  created_at: number;
}

interface RoleRow {
  account_id: string;
  role_name: string;
  role_id: string;
  path: string;
  created_at: number;
  assume_role_policy: string;
  trust_policy_pins: string;
  description: string | null;
  max_session_duration: number;
}

interface TagRow {
  tag_key: string;
  tag_value: string;
}

export function makeSqliteIamRepository(db: Sqlite): IamRepository {
  const statements = {
    insertUser: db.prepare("INSERT INTO iam_users VALUES (@accountId, @userName, @userId, @path, @createdAt) ON CONFLICT DO NOTHING"),
    getUser: db.prepare("SELECT * FROM iam_users WHERE account_id = ? AND user_name = ?"),
    userById: db.prepare("SELECT * FROM iam_users WHERE user_id = ?"),
    listUsers: db.prepare(`SELECT * FROM iam_users WHERE account_id = @accountId AND substr(path, 1, length(@pathPrefix)) = @pathPrefix AND user_name > @after
      ORDER BY user_name LIMIT @limit`),
    deleteUser: db.prepare("DELETE FROM iam_users WHERE user_id = ?"),
    userKeyCount: db.prepare("SELECT COUNT(*) AS n FROM access_keys WHERE user_id = ?"),
    insertRole: db.prepare(`INSERT INTO iam_roles VALUES (@accountId, @roleName, @roleId, @path, @createdAt, @assumeRolePolicyDocument, @description,
      @maxSessionDuration, @trustPolicyPins) ON CONFLICT DO NOTHING`),
    getRole: db.prepare("SELECT * FROM iam_roles WHERE account_id = ? AND role_name = ?"),
    roleById: db.prepare("SELECT * FROM iam_roles WHERE role_id = ?"),
    deleteRole: db.prepare("DELETE FROM iam_roles WHERE role_id = ?"),
    roleSessions: db.prepare("SELECT access_key_id FROM sts_sessions WHERE role_id = ?"),
  };
  // Tags and inline policies: one pair of tables per kind, the same statements over each.
  const perKind = (kind: PrincipalKind) => ({
    tags: db.prepare(`SELECT tag_key, tag_value FROM iam_${kind}_tags WHERE principal_id = ? ORDER BY position`),
    tagCount: db.prepare(`SELECT COUNT(*) AS n FROM iam_${kind}_tags WHERE principal_id = ?`),
    nextPosition: db.prepare(`SELECT COALESCE(MAX(position), -1) + 1 AS p FROM iam_${kind}_tags WHERE principal_id = ?`),
    hasTag: db.prepare(`SELECT 1 FROM iam_${kind}_tags WHERE principal_id = ? AND tag_key = ?`),
    updateTag: db.prepare(`UPDATE iam_${kind}_tags SET tag_value = @value WHERE principal_id = @id AND tag_key = @key`),
    insertTag: db.prepare(`INSERT INTO iam_${kind}_tags VALUES (@id, @position, @key, @value)`),
    deleteTag: db.prepare(`DELETE FROM iam_${kind}_tags WHERE principal_id = ? AND tag_key = ?`),
    exists: db.prepare(kind === "user" ? "SELECT 1 FROM iam_users WHERE user_id = ?" : "SELECT 1 FROM iam_roles WHERE role_id = ?"),
    policySizeExcept: db.prepare(`SELECT COALESCE(SUM(size), 0) AS n FROM iam_${kind}_policies WHERE principal_id = ? AND policy_name <> ?`),
    upsertPolicy: db.prepare(`INSERT INTO iam_${kind}_policies VALUES (@id, @name, @document, @size)
      ON CONFLICT (principal_id, policy_name) DO UPDATE SET document = excluded.document, size = excluded.size`),
    getPolicy: db.prepare(`SELECT policy_name, document FROM iam_${kind}_policies WHERE principal_id = ? AND policy_name = ?`),
    deletePolicy: db.prepare(`DELETE FROM iam_${kind}_policies WHERE principal_id = ? AND policy_name = ?`),
    listPolicies: db.prepare(`SELECT policy_name, document FROM iam_${kind}_policies WHERE principal_id = ? ORDER BY policy_name`),
    policyCount: db.prepare(`SELECT COUNT(*) AS n FROM iam_${kind}_policies WHERE principal_id = ?`),
  });
  const kinds = { user: perKind("user"), role: perKind("role") };

  const tagsOf = (kind: PrincipalKind, id: string): IamTag[] =>
    (kinds[kind].tags.all(id) as TagRow[]).map((t) => ({ Key: t.tag_key, Value: t.tag_value }));
  const toUser = (row: UserRow): IamUser => ({
    accountId: row.account_id,
    userId: row.user_id,
    userName: row.user_name,
    path: row.path,
    createdAt: new Date(row.created_at),
    tags: tagsOf("user", row.user_id),
  });
  const toRole = (row: RoleRow): IamRole => ({
    accountId: row.account_id,
    roleId: row.role_id,
    roleName: row.role_name,
    path: row.path,
    createdAt: new Date(row.created_at),
    assumeRolePolicyDocument: row.assume_role_policy,
    trustPolicyPins: pinsFrom(row.trust_policy_pins),
    ...(row.description !== null ? { description: row.description } : {}),
    maxSessionDuration: row.max_session_duration,
    tags: tagsOf("role", row.role_id),
  });
  const count = (statement: { get(...args: unknown[]): unknown }, ...args: unknown[]) => (statement.get(...args) as { n: number }).n;

  const insertTags = (kind: PrincipalKind, id: string, tags: readonly IamTag[]) => {
    let position = (kinds[kind].nextPosition.get(id) as { p: number }).p;
    for (const tag of tags) {
      if (kinds[kind].hasTag.get(id, tag.Key) !== undefined) kinds[kind].updateTag.run({ id, key: tag.Key, value: tag.Value });
      else kinds[kind].insertTag.run({ id, position: position++, key: tag.Key, value: tag.Value });
    }
  };

  const createUserTx = db.transaction((user: IamUser) => {
    const inserted = statements.insertUser.run({ ...user, createdAt: user.createdAt.getTime() }).changes === 1;
    if (inserted) insertTags("user", user.userId, user.tags);
    return inserted;
  });
  const deleteUserTx = db.transaction((accountId: string, userName: string) => {
    const row = statements.getUser.get(accountId, userName) as UserRow | undefined;
    if (row === undefined) return "missing" as const;
    if (count(statements.userKeyCount, row.user_id) > 0) return "has-access-keys" as const;
    if (count(kinds.user.policyCount, row.user_id) > 0) return "has-policies" as const;
    statements.deleteUser.run(row.user_id);
    return "deleted" as const;
  });
  const createRoleTx = db.transaction((role: IamRole) => {
    const inserted = statements.insertRole.run({ ...role, description: role.description ?? null, createdAt: role.createdAt.getTime(), trustPolicyPins: JSON.stringify(role.trustPolicyPins) }).changes === 1;
    if (inserted) insertTags("role", role.roleId, role.tags);
    return inserted;
  });
  const deleteRoleTx = db.transaction((accountId: string, roleName: string) => {
    const row = statements.getRole.get(accountId, roleName) as RoleRow | undefined;
    if (row === undefined) return { outcome: "missing" as const };
    if (count(kinds.role.policyCount, row.role_id) > 0) return { outcome: "has-policies" as const };
    const sessionKeyIds = (statements.roleSessions.all(row.role_id) as { access_key_id: string }[]).map((r) => r.access_key_id);
    // Sessions, tags and policies go with the role row (ON DELETE CASCADE).
    statements.deleteRole.run(row.role_id);
    return { outcome: "deleted" as const, sessionKeyIds };
  });
  const tagTx = db.transaction((kind: PrincipalKind, id: string, tags: readonly IamTag[], maxTags: number) => {
    if (kinds[kind].exists.get(id) === undefined) return "missing" as const;
    const added = tags.filter((t) => kinds[kind].hasTag.get(id, t.Key) === undefined).length;
    if (count(kinds[kind].tagCount, id) + added > maxTags) return "too-many" as const;
    insertTags(kind, id, tags);
    return "done" as const;
  });
  const untagTx = db.transaction((kind: PrincipalKind, id: string, keys: readonly string[]) => {
    if (kinds[kind].exists.get(id) === undefined) return false;
    for (const key of keys) kinds[kind].deleteTag.run(id, key);
    return true;
  });
  const putPolicyTx = db.transaction((kind: PrincipalKind, id: string, policy: InlinePolicy, size: number, max: number) => {
    if (kinds[kind].exists.get(id) === undefined) return "missing" as const;
    if (count(kinds[kind].policySizeExcept, id, policy.policyName) + size > max) return "too-large" as const;
    // A policy of the same name in another case is replaced, and takes the new spelling.
    kinds[kind].deletePolicy.run(id, policy.policyName);
    kinds[kind].upsertPolicy.run({ id, name: policy.policyName, document: policy.document, size });
    return "done" as const;
  });

  const toPolicy = (row: { policy_name: string; document: string }): InlinePolicy => ({ policyName: row.policy_name, document: row.document });

  return {
    async createUser(user) {
      return createUserTx.immediate(user);
    },
    async getUser(accountId, userName) {
      const row = statements.getUser.get(accountId, userName) as UserRow | undefined;
      return row && toUser(row);
    },
    async userById(userId) {
      const row = statements.userById.get(userId) as UserRow | undefined;
      return row && toUser(row);
    },
    async listUsers(accountId, query) {
      const rows = statements.listUsers.all({ accountId, pathPrefix: query.pathPrefix, after: query.afterName ?? "", limit: query.limit + 1 }) as UserRow[];
      return { items: rows.slice(0, query.limit).map(toUser), truncated: rows.length > query.limit };
    },
    async deleteUser(accountId, userName) {
      return deleteUserTx.immediate(accountId, userName);
    },
    async createRole(role) {
      return createRoleTx.immediate(role);
    },
    async getRole(accountId, roleName) {
      const row = statements.getRole.get(accountId, roleName) as RoleRow | undefined;
      return row && toRole(row);
    },
    async roleById(roleId) {
      const row = statements.roleById.get(roleId) as RoleRow | undefined;
      return row && toRole(row);
    },
    async deleteRole(accountId, roleName) {
      return deleteRoleTx.immediate(accountId, roleName);
    },
    async tag(kind, principalId, tags, maxTags) {
      return tagTx.immediate(kind, principalId, tags, maxTags);
    },
    async untag(kind, principalId, keys) {
      return untagTx.immediate(kind, principalId, keys);
    },
    async putPolicy(kind, principalId, policy, size, maxAggregateSize) {
      return putPolicyTx.immediate(kind, principalId, policy, size, maxAggregateSize);
    },
    async getPolicy(kind, principalId, policyName) {
      const row = kinds[kind].getPolicy.get(principalId, policyName) as { policy_name: string; document: string } | undefined;
      return row && toPolicy(row);
    },
    async deletePolicy(kind, principalId, policyName) {
      return kinds[kind].deletePolicy.run(principalId, policyName).changes === 1;
    },
    async listPolicies(kind, principalId) {
      return (kinds[kind].listPolicies.all(principalId) as { policy_name: string; document: string }[]).map(toPolicy);
    },
  };
}
