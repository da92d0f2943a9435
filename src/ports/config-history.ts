/** One configuration item: a key's whole configuration as it was after a change (AWS Config's CI). */
export interface ConfigurationItem {
  readonly keyArn: string;
  readonly accountId: string;
  readonly captureTime: Date;
  /** The operation or internal event that changed it, e.g. PutKeyPolicy, RotateKey. */
  readonly changedBy: string;
  /** The configuration, as canonical JSON. */
  readonly configuration: string;
}

export interface ConfigHistoryRepository {
  append(item: ConfigurationItem): Promise<void>;
  /** The newest item of a key at or before `at` (the newest of all without it). */
  at(keyArn: string, at?: Date): Promise<ConfigurationItem | undefined>;
  /** A key's items, oldest first, within [from, to]. */
  history(keyArn: string, range: { from?: Date; to?: Date; limit: number }): Promise<readonly ConfigurationItem[]>;
}
