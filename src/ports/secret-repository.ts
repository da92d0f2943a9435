import type { Secret, SecretVersion, SecretVersionInfo } from "../core/secrets/secret.js";

/** Secrets Manager's storage: secrets, their immutable versions, and the staging labels on them. */
export interface SecretRepository {
  /**
   * Stores a new secret (revision 1), with its first version when it has one. Returns false if
   * the account already has a secret of that name (scheduled for deletion or not).
   */
  create(secret: Secret, version?: SecretVersion): Promise<boolean>;
  getByArn(arn: string): Promise<Secret | undefined>;
  getByName(accountId: string, region: string, name: string): Promise<Secret | undefined>;
  /**
   * Saves `secret` (its revision already incremented) and its labels if the stored revision is
   * still `secret.revision - 1`, in the same transaction adding `changes.newVersion` and replacing
   * the sealed values of `changes.reencrypted` (versions moved to a new KMS key by UpdateSecret).
   * Returns false on a lost race; nothing is written then.
   */
  update(secret: Secret, changes?: { readonly newVersion?: SecretVersion; readonly reencrypted?: readonly SecretVersion[] }): Promise<boolean>;
  version(arn: string, versionId: string): Promise<SecretVersion | undefined>;
  /** Every version's metadata, oldest first. */
  versions(arn: string): Promise<readonly SecretVersionInfo[]>;
  /** Records a read on the secret and its version, to the day; writes only when the day changed. */
  recordAccess(arn: string, versionId: string, day: Date): Promise<void>;
  /**
   * Every secret of one account and Region, in creation order; those scheduled for deletion only
   * when asked. ListSecrets filters, sorts and pages them (app/secrets/list-secrets.ts).
   */
  list(accountId: string, region: string, includePlannedDeletion: boolean): Promise<readonly Secret[]>;
  /**
   * Deletes the secret and every version, but only if it is unchanged since it was read
   * (`revision`). Returns whether it was deleted.
   */
  purge(secret: { readonly arn: string; readonly revision: number }): Promise<boolean>;
  /** Secrets scheduled for deletion whose date is at or before `now`. */
  dueForDeletion(now: Date, limit: number): Promise<readonly { readonly arn: string; readonly revision: number }[]>;
  /** Secrets with rotation enabled whose next rotation is due at or before `now`, or with a rotation in progress. */
  dueForRotation(now: Date, limit: number): Promise<readonly string[]>;
  /**
   * Deletes versions of the secret that carry no label, oldest first, while it has more than
   * `keep` versions, sparing those created after `youngerThan`. Returns how many went.
   */
  pruneVersions(arn: string, keep: number, youngerThan: Date): Promise<number>;
}
