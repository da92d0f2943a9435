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

export interface AliasRepository {
  /** Returns false when the name is taken in that account and Region. */
  create(alias: Alias): Promise<boolean>;
  get(accountId: string, region: string, aliasName: string): Promise<Alias | undefined>;
  retarget(accountId: string, region: string, aliasName: string, targetKeyId: string, now: Date): Promise<boolean>;
  delete(accountId: string, region: string, aliasName: string): Promise<boolean>;
  /** Aliases in name order, optionally only those of one key, starting after `afterName`. */
  list(accountId: string, region: string, filter: { targetKeyId?: string; afterName?: string; limit: number }): Promise<AliasPage>;
}
