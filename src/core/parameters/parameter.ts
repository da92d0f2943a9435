import type { ParameterTag } from "./operations.js";
import type { ParameterTier } from "./tiers.js";
import type { ParameterType } from "./versions.js";

/** What a parameter and each of its versions both carry (the parameter's are its latest version's). */
export interface ParameterSettings {
  readonly type: ParameterType;
  /** SecureString only: the key the caller named, or `alias/aws/ssm`. */
  readonly keyId?: string;
  readonly description?: string;
  readonly allowedPattern?: string;
  readonly tier: ParameterTier;
  readonly dataType: string;
  /** The policies' JSON texts, as PutParameter stored them (an empty list: none). */
  readonly policies: readonly string[];
}

/**
 * A parameter as Strongbox keeps it: the facts of its latest version, its tags and policies, and
 * the bookkeeping of the policy sweep. Versions (values, labels) are kept apart, one row each.
 */
export interface Parameter extends ParameterSettings {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  /** The name as created (`foo` or `/a/b`); the lookup key is parameterKey(name), inside the ARN. */
  readonly name: string;
  readonly tags: readonly ParameterTag[];
  /** The latest version's number. */
  readonly version: number;
  readonly lastModifiedAt: Date;
  readonly lastModifiedUser: string;
  /** Keys of the policy events already handled (core/parameters/policies.ts dueEvents). */
  readonly notified: readonly string[];
  /** When the policy sweep should look at the parameter next; absent when no policy can fire. */
  readonly policyDueAt?: Date;
  readonly revision: number;
}

/** One immutable version: its facts and its value (plain text, or sealed for SecureString). */
export interface ParameterVersion extends ParameterSettings {
  readonly version: number;
  readonly createdAt: Date;
  readonly lastModifiedUser: string;
  /** String and StringList values, stored as given. */
  readonly plainValue?: string;
  /** SecureString: the data key as KMS returned it, and the value sealed under it. */
  readonly encryptedDataKey?: Buffer;
  readonly sealedValue?: Buffer;
  /** SecureString: the ARN of the KMS key the data key is under; a read makes KMS check it is that key. */
  readonly keyArn?: string;
  /** The labels on this version (read side; written through the labels list of an update). */
  readonly labels: readonly string[];
}
