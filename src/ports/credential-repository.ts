export type AccessKeyStatus = "Active" | "Inactive";

export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** The IAM ARN of the principal that owns the key, e.g. arn:aws:iam::111122223333:root. */
  readonly principalArn: string;
  /** Sealed box under the barrier key, bound to accessKeySecretIdentity(). */
  readonly wrappedSecret: Buffer;
  readonly status: AccessKeyStatus;
  readonly createdAt: Date;
  /** The owning IAM user's id (AIDA...); absent for the account root's keys. */
  readonly userId?: string;
}

/** Temporary credentials from sts:AssumeRole. */
export interface SessionRecord {
  /** ASIA... */
  readonly accessKeyId: string;
  readonly accountId: string;
  /** The id (AROA...) of the role the session acts as; the session goes when the role goes. */
  readonly roleId: string;
  readonly sessionName: string;
  /** Sealed box under the barrier key, bound to accessKeySecretIdentity(). */
  readonly wrappedSecret: Buffer;
  /** SHA-256 of the session token: the token itself is never stored. */
  readonly tokenHash: Buffer;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type CreateAccessKeyOutcome = "created" | "limit" | "id-taken" | "owner-missing";

export interface CredentialRepository {
  find(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** Returns false when the access key id exists already. */
  create(record: AccessKeyRecord): Promise<boolean>;
  countForPrincipal(principalArn: string): Promise<number>;
  /**
   * Creates the key unless its principal has `maxPerPrincipal` keys already, or (for a user's key)
   * the user is gone: checked and written in one transaction.
   */
  createLimited(record: AccessKeyRecord, maxPerPrincipal: number): Promise<CreateAccessKeyOutcome>;
  /** The keys of one principal, oldest first. */
  listForPrincipal(principalArn: string): Promise<readonly AccessKeyRecord[]>;
  /** False when the principal has no key with this id. */
  setStatus(principalArn: string, accessKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  /** False when the principal has no key with this id. */
  delete(principalArn: string, accessKeyId: string): Promise<boolean>;

  createSession(record: SessionRecord): Promise<boolean>;
  findSession(accessKeyId: string): Promise<SessionRecord | undefined>;
  /** The access key ids of a role's sessions, for caches to forget when the role changes. */
  sessionKeyIdsForRole(roleId: string): Promise<readonly string[]>;
  /** Deletes sessions that expired before `before`; returns how many. */
  purgeSessions(before: Date, limit: number): Promise<number>;
}

export interface AccountRepository {
  /** Creates the account if it does not exist; true when it was created now. */
  ensure(accountId: string, createdAt: Date): Promise<boolean>;
  exists(accountId: string): Promise<boolean>;
  createdAt(accountId: string): Promise<Date | undefined>;
}
