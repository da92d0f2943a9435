import type { CustomKeyStore, CustomKeyStoreLocator } from "../core/kms/custom-key-store.js";

export interface CustomKeyStorePage {
  readonly stores: readonly CustomKeyStore[];
  readonly truncated: boolean;
}

/** CloudHSM key store definitions (the connection itself is runtime state, not stored). */
export interface CustomKeyStoreRepository {
  /** Inserts a new store; false if the name or the cluster is taken in the account (a lost race). */
  create(store: CustomKeyStore): Promise<boolean>;
  get(locator: CustomKeyStoreLocator): Promise<CustomKeyStore | undefined>;
  findByName(accountId: string, region: string, name: string): Promise<CustomKeyStore | undefined>;
  /** Every store of the account, in every Region (a cluster serves one store per account). */
  listAccount(accountId: string): Promise<CustomKeyStore[]>;
  /** Stores of one account and Region in id order, starting after `afterId`. */
  list(accountId: string, region: string, afterId: string | undefined, limit: number): Promise<CustomKeyStorePage>;
  /** Saves `store` (its revision already incremented) if the stored one is still at revision - 1. */
  update(store: CustomKeyStore): Promise<boolean>;
  /** Deletes the store if it is at `revision` and holds no KMS key; false otherwise. */
  deleteIfEmpty(store: CustomKeyStoreLocator & { readonly revision: number }): Promise<boolean>;
  /** How many KMS keys (any state) the store holds. */
  countKeys(store: CustomKeyStoreLocator): Promise<number>;
  /** Stores an operator connected and did not disconnect: reconnected when Strongbox unseals. */
  connectRequested(): Promise<CustomKeyStore[]>;
}
