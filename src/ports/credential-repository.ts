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
}

export interface CredentialRepository {
  find(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** Returns false when the access key id exists already. */
  create(record: AccessKeyRecord): Promise<boolean>;
  countForPrincipal(principalArn: string): Promise<number>;
}

export interface AccountRepository {
  /** Creates the account if it does not exist; true when it was created now. */
  ensure(accountId: string, createdAt: Date): Promise<boolean>;
  exists(accountId: string): Promise<boolean>;
}
