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
  /** The unique id of the grantee user or role when the grant was made: a principal created again later is not it. */
  readonly granteePin?: string;
  readonly retiringPrincipal?: string;
  /** The unique id of the retiring user or role when the grant was made. */
  readonly retiringPin?: string;
  /** arn:aws:iam::<acct>:root of the account that created the grant. */
  readonly issuingAccount: string;
  /** The KMS operations allowed, e.g. ["Decrypt", "GenerateDataKey"] (no "kms:" prefix). */
  readonly operations: readonly string[];
  readonly constraints?: GrantConstraints;
  readonly createdAt: Date;
}

/**
 * The outcome of `create`. "existing": a grant with the same name and the same parameters was
 * already there (AWS's retry idempotency), and nothing was written.
 */
export type GrantCreation =
  | { readonly outcome: "created" | "existing"; readonly grant: GrantRecord }
  | { readonly outcome: "key-gone" | "key-limit" };

/** One page of grants, in creation order; `next` is where the following page starts. */
export interface GrantPage {
  readonly grants: readonly GrantRecord[];
  readonly next?: number;
}

export interface GrantPaging {
  /** A `next` from an earlier page; absent for the first page. */
  readonly after?: number;
  readonly limit: number;
}

export interface GrantRepository {
  /** The grants on one key, oldest first; only those for one of `grantees` when given. */
  listForKey(key: KeyLocator, grantees?: readonly string[]): Promise<readonly GrantRecord[]>;
  /**
   * Creates the grant in one transaction with its checks: the key exists and is not pending
   * deletion, and has fewer than `maxPerKey` grants. When the grant has a name and the key already
   * has a grant with that name, grantee, retiring principal, operations (as a set) and
   * constraints, that grant is returned as "existing" instead.
   */
  create(grant: GrantRecord, maxPerKey: number): Promise<GrantCreation>;
  get(key: KeyLocator, grantId: string): Promise<GrantRecord | undefined>;
  /** The grants on one key, oldest first, optionally only one grant id or one grantee principal. */
  list(key: KeyLocator, filter: GrantPaging & { readonly grantId?: string; readonly granteePrincipal?: string }): Promise<GrantPage>;
  /** The grants on keys of any account in `region` whose retiring principal is `retiringPrincipal`, oldest first. */
  listRetirable(region: string, retiringPrincipal: string, paging: GrantPaging): Promise<GrantPage>;
  /** Deletes one grant; false when it was not there. */
  delete(key: KeyLocator, grantId: string): Promise<boolean>;
}
