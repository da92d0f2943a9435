import type { EncryptionContext } from "../core/kms/encryption-context.js";
import type { KeyLocator } from "../core/kms/kms-key.js";

export interface GrantConstraints {
  readonly encryptionContextEquals?: EncryptionContext;
  readonly encryptionContextSubset?: EncryptionContext;
}

/** A KMS grant, as stored. Grants are deleted with their key. */
export interface GrantRecord {
  readonly key: KeyLocator;
  readonly grantId: string;
  readonly name?: string;
  /** The principal the grant allows: an account root, user, role ARN, or a service principal. */
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  /** arn:aws:iam::<acct>:root of the account that created the grant. */
  readonly issuingAccount: string;
  /** The KMS operations allowed, e.g. ["Decrypt", "GenerateDataKey"] (no "kms:" prefix). */
  readonly operations: readonly string[];
  readonly constraints?: GrantConstraints;
  readonly createdAt: Date;
}

export interface GrantRepository {
  /** The grants on one key, oldest first. */
  listForKey(key: KeyLocator): Promise<readonly GrantRecord[]>;
}
