/** IAM's tag shape (Key/Value), which differs from KMS's (TagKey/TagValue). */
export interface IamTag {
  readonly Key: string;
  readonly Value: string;
}

export interface IamUser {
  readonly accountId: string;
  /** AIDA... */
  readonly userId: string;
  readonly userName: string;
  /** "/" or "/a/b/". */
  readonly path: string;
  readonly createdAt: Date;
  /** In the order they were first set. */
  readonly tags: readonly IamTag[];
}

export interface IamRole {
  readonly accountId: string;
  /** AROA... */
  readonly roleId: string;
  readonly roleName: string;
  readonly path: string;
  readonly createdAt: Date;
  /** The trust policy, as the caller sent it. */
  readonly assumeRolePolicyDocument: string;
  /** The unique ids of the users and roles the trust policy names, by ARN, when it was written. */
  readonly trustPolicyPins: Readonly<Record<string, string>>;
  readonly description?: string;
  /** Seconds, 3600 to 43200. */
  readonly maxSessionDuration: number;
  readonly tags: readonly IamTag[];
}

export interface InlinePolicy {
  readonly policyName: string;
  readonly document: string;
}

/** Users and roles share the shape of their tags and inline policies. */
export type PrincipalKind = "user" | "role";

export type DeleteUserOutcome = "deleted" | "missing" | "has-access-keys" | "has-policies";
export type DeleteRoleOutcome =
  | { readonly outcome: "deleted"; /** The sessions that went with the role, for caches to forget. */ readonly sessionKeyIds: readonly string[] }
  | { readonly outcome: "missing" | "has-policies" };
export type TagOutcome = "done" | "missing" | "too-many";
export type PutPolicyOutcome = "done" | "missing" | "too-large";

export interface Page<T> {
  readonly items: readonly T[];
  readonly truncated: boolean;
}

/**
 * IAM users and roles of every account, with their tags and inline policies. Names compare
 * without regard to case, as in AWS. Each call is one transaction.
 */
export interface IamRepository {
  /** False when the account has a user of that name already. */
  createUser(user: IamUser): Promise<boolean>;
  getUser(accountId: string, userName: string): Promise<IamUser | undefined>;
  userById(userId: string): Promise<IamUser | undefined>;
  /** Users whose path starts with `pathPrefix`, by name (case-insensitive), after `afterName`. */
  listUsers(accountId: string, query: { pathPrefix: string; afterName?: string; limit: number }): Promise<Page<IamUser>>;
  /** Refuses while the user has access keys or inline policies, as AWS does. */
  deleteUser(accountId: string, userName: string): Promise<DeleteUserOutcome>;

  /** False when the account has a role of that name already. */
  createRole(role: IamRole): Promise<boolean>;
  getRole(accountId: string, roleName: string): Promise<IamRole | undefined>;
  roleById(roleId: string): Promise<IamRole | undefined>;
  /** Refuses while the role has inline policies; deletes its sessions with it. */
  deleteRole(accountId: string, roleName: string): Promise<DeleteRoleOutcome>;

  /** Adds or overwrites tags (keys compare without case); refuses to exceed `maxTags` in all. */
  tag(kind: PrincipalKind, principalId: string, tags: readonly IamTag[], maxTags: number): Promise<TagOutcome>;
  /** False when the principal is gone. Keys that are not there are ignored. */
  untag(kind: PrincipalKind, principalId: string, keys: readonly string[]): Promise<boolean>;

  /**
   * Adds or replaces an inline policy. `size` is its size as IAM counts it; the sum over the
   * principal's policies may not exceed `maxAggregateSize`.
   */
  putPolicy(kind: PrincipalKind, principalId: string, policy: InlinePolicy, size: number, maxAggregateSize: number): Promise<PutPolicyOutcome>;
  getPolicy(kind: PrincipalKind, principalId: string, policyName: string): Promise<InlinePolicy | undefined>;
  /** False when there is no such policy. */
  deletePolicy(kind: PrincipalKind, principalId: string, policyName: string): Promise<boolean>;
  /** All inline policies of the principal, by name. */
  listPolicies(kind: PrincipalKind, principalId: string): Promise<readonly InlinePolicy[]>;
}
