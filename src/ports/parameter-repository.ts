import type { VersionLabels } from "../core/parameters/labels.js";
import type { Parameter, ParameterVersion } from "../core/parameters/parameter.js";

/** What an update writes beside the parameter row, in the same transaction. */
export interface ParameterChanges {
  readonly newVersion?: ParameterVersion;
  /** Versions to delete (the oldest, beyond the 100 kept). */
  readonly dropVersions?: readonly number[];
  /** Every version's labels, replacing those stored. */
  readonly labels?: readonly VersionLabels[];
}

/** Parameter Store's storage: parameters, their immutable versions, and the labels on them. */
export interface ParameterRepository {
  /** Stores a new parameter (revision 1) with its first version. False if the ARN is taken. */
  create(parameter: Parameter, version: ParameterVersion): Promise<boolean>;
  get(arn: string): Promise<Parameter | undefined>;
  /**
   * Saves `parameter` (its revision already incremented) if the stored revision is still
   * `parameter.revision - 1`, with `changes`. Returns false on a lost race; nothing is written then.
   */
  update(parameter: Parameter, changes?: ParameterChanges): Promise<boolean>;
  version(arn: string, version: number): Promise<ParameterVersion | undefined>;
  /** Every kept version, oldest first, with its value and labels. */
  versions(arn: string): Promise<readonly ParameterVersion[]>;
  /** Every version's labels (versions without labels too), oldest first. */
  labels(arn: string): Promise<readonly VersionLabels[]>;
  /**
   * Every parameter of one account and Region, by ARN (so by name); with `arnPrefix`, only those
   * whose ARN starts with it (the parameters under a path).
   */
  list(accountId: string, region: string, arnPrefix?: string): Promise<readonly Parameter[]>;
  /** How many parameters of each tier the account and Region have. */
  counts(accountId: string, region: string): Promise<{ readonly Standard: number; readonly Advanced: number }>;
  /** Deletes the parameter with its versions and labels; with a revision, only if unchanged since. */
  delete(arn: string, revision?: number): Promise<boolean>;
  /** Parameters whose policies need a look at or before `now`. */
  duePolicies(now: Date, limit: number): Promise<readonly string[]>;
}
