/**
 * Whether the store has room to write. When the disk fills, changes are refused and the reads go
 * on, each still recorded in the audit trail on space kept in reserve for that (docs/security.md).
 */
export interface StorageSpace {
  /** True while the store is short of space: changes are refused until space returns. */
  shortOfSpace(): boolean;
  /** Told of every failure: one for want of space releases the reserve. True if it was one. */
  noteFailure(error: unknown): boolean;
}
