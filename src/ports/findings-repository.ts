/** A finding as stored (the JSON of the detector's Finding, with the columns listing filters on). */
export interface StoredFinding {
  readonly id: string;
  readonly accountId: string;
  readonly rule: string;
  readonly severity: string;
  readonly lastSeen: Date;
  readonly finding: string;
}

export interface FindingsRepository {
  /** Inserts the finding, or replaces the one with its id (a repeat updates its count and evidence). */
  upsert(finding: StoredFinding): Promise<void>;
  /** An account's findings, the most recently seen first. */
  list(query: { accountId: string; severity?: string; rule?: string; limit: number }): Promise<readonly StoredFinding[]>;
}
