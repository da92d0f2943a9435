import type { StageLabels } from "./stages.js";

/** A tag on a secret: Secrets Manager's wire names (Key, Value), unlike KMS's TagKey/TagValue. */
export interface SecretTag {
  readonly Key: string;
  readonly Value: string;
}

/** A rotation started and not finished: where it stands, and when it may be tried again. */
export interface RotationInProgress {
  readonly versionId: string;
  readonly nextStep: "createSecret" | "setSecret" | "testSecret" | "finishSecret";
  /** Failed attempts so far. */
  readonly attempts: number;
  /** After a failure: not before this time (epoch ms). */
  readonly retryAtMs?: number;
  /** Claimed by a runner until this time (epoch ms), so two processes never run the same rotation. */
  readonly leaseUntilMs?: number;
}

/** The rotation set by RotateSecret: which function, on what rules, and how it went. */
export interface SecretRotation {
  readonly enabled: boolean;
  readonly lambdaArn: string;
  /** The RotationRules as the caller gave them (echoed by DescribeSecret). */
  readonly rules: { readonly AutomaticallyAfterDays?: number; readonly Duration?: string; readonly ScheduleExpression?: string };
  /** The principal whose identity the built-in rotators act with (the caller that configured rotation). */
  readonly principalArn: string;
  /**
   * For a role session, when its credentials were issued (epoch ms): rotations carry it as
   * aws:TokenIssueTime, so a policy that revokes older sessions revokes the rotation too.
   */
  readonly principalSessionIssuedAtMs?: number;
  readonly lastRotatedAt?: Date;
  readonly nextRotationAt?: Date;
  /** The version a rotation in progress is bringing in (AWSPENDING), with the next step to run. */
  readonly inProgress?: RotationInProgress;
  /** The last failure, for DescribeSecret and operators; never holds secret values. */
  readonly lastFailure?: { readonly at: Date; readonly step: string; readonly message: string };
}

/**
 * A secret's metadata and staging labels. Its values are versions (SecretVersion), written once
 * and never changed; `stages` says which version carries which label.
 */
export interface Secret {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly description?: string;
  /** The KMS key as the caller named it (ARN, id or alias); absent = the account's aws/secretsmanager key. */
  readonly kmsKeyId?: string;
  readonly createdAt: Date;
  readonly lastChangedAt: Date;
  /** The day (UTC midnight) of the last GetSecretValue. */
  readonly lastAccessedAt?: Date;
  /** When DeleteSecret scheduled it to go (DeletedDate); absent while it is not scheduled. */
  readonly deletionDate?: Date;
  readonly rotation?: SecretRotation;
  readonly resourcePolicy?: string;
  /** Undefined until the secret is first tagged: AWS then lists Tags, even empty. */
  readonly tags?: readonly SecretTag[];
  readonly stages: StageLabels;
  /** Incremented on every write; a write that finds another revision lost a race. */
  readonly revision: number;
}

/** One value of a secret, sealed under a data key that KMS encrypted (envelope encryption). */
export interface SecretVersion {
  readonly versionId: string;
  readonly createdAt: Date;
  /** "empty": the placeholder a rotation labels AWSPENDING before its function stores the value (no data key, no value). */
  readonly kind: "string" | "binary" | "empty";
  /** The ARN of the KMS key the data key was generated under (absent for an "empty" version); a read checks KMS used it. */
  readonly kmsKeyArn?: string;
  /** Whether that key is the account's aws/secretsmanager key (ListSecretVersionIds says "DefaultEncryptionKey"). */
  readonly defaultKey?: boolean;
  /** The data key, as KMS GenerateDataKey returned it (a KMS ciphertext blob). */
  readonly encryptedDataKey: Buffer;
  /** The value sealed under the data key (core/secrets/secret-value-box.ts). */
  readonly sealedValue: Buffer;
  /** The day (UTC midnight) of the last GetSecretValue of this version. */
  readonly lastAccessedAt?: Date;
}

/** The AWSPENDING placeholder a rotation starts with, as AWS creates it: PutSecretValue with its id fills it. */
export function placeholderVersion(versionId: string, createdAt: Date): SecretVersion {
  return { versionId, createdAt, kind: "empty", encryptedDataKey: Buffer.alloc(0), sealedValue: Buffer.alloc(0) };
}

/** A version's metadata, without its sealed value (ListSecretVersionIds). */
export type SecretVersionInfo = Omit<SecretVersion, "encryptedDataKey" | "sealedValue">;

/** UTC midnight of the day `at` falls in: AWS records LastAccessedDate to the day. */
export function accessDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 86_400_000) * 86_400_000);
}
