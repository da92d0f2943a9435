export interface Alias {
  readonly accountId: string;
  readonly region: string;
  readonly aliasName: string;
  readonly targetKeyId: string;
  readonly createdAt: Date;
  readonly lastUpdatedAt: Date;
}

export interface AliasPage {
  readonly aliases: readonly Alias[];
  readonly truncated: boolean;
}

export type AliasWrite = "done" | "name-taken" | "alias-missing" | "key-limit" | "key-gone";

export interface AliasRepository {
  /**
   * Creates the alias in one transaction with its checks: the name is free, the target key exists
   * and is not pending deletion, and it has fewer than `maxPerKey` aliases.
   */
  create(alias: Alias, maxPerKey: number): Promise<Exclude<AliasWrite, "alias-missing">>;
  get(accountId: string, region: string, aliasName: string): Promise<Alias | undefined>;
  /** Points an existing alias at another key, with the same checks on the new target as `create`. */
  retarget(accountId: string, region: string, aliasName: string, targetKeyId: string, now: Date, maxPerKey: number): Promise<Exclude<AliasWrite, "name-taken">>;
  delete(accountId: string, region: string, aliasName: string): Promise<boolean>;
  /** Aliases in name order, optionally only those of one key, starting after `afterName`. */
  list(accountId: string, region: string, filter: { targetKeyId?: string; afterName?: string; limit: number }): Promise<AliasPage>;
}
