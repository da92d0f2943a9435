/**
 * Secret names, ARNs and the SecretId a request names a secret by
 * (docs/research/secrets-manager-reference.md §2.3).
 *
 *   arn:<partition>:secretsmanager:<region>:<account>:secret:<Name>-<6 random characters>
 *
 * A SecretId is a name, a full ARN, or a partial ARN (the ARN without its random suffix).
 */
export const MAX_SECRET_NAME_LENGTH = 512;
const NAME = /^[A-Za-z0-9/_+=.@-]+$/;
/** AWS's message, returned for a bad name in CreateSecret and for a bad SecretId elsewhere. */
export const INVALID_NAME_MESSAGE = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!";

export const SUFFIX_LENGTH = 6;
const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** A name whose end looks like a random suffix: as a partial ARN it would be read as a full one. */
const ENDS_LIKE_SUFFIX = new RegExp(`-[A-Za-z0-9]{${SUFFIX_LENGTH}}$`);
const SECRET_ARN = /^arn:([^:]+):secretsmanager:([^:]+):(\d{12}):secret:(.+)$/;

export function isValidSecretName(name: string): boolean {
  return name.length >= 1 && name.length <= MAX_SECRET_NAME_LENGTH && NAME.test(name);
}

export interface SecretScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export function secretArn(scope: SecretScope, name: string, suffix: string): string {
  return `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:${name}-${suffix}`;
}

/** Six characters drawn uniformly from letters and digits (62 divides nothing evenly: by rejection). */
export function randomSuffix(randomBytes: (n: number) => Buffer): string {
  let suffix = "";
  while (suffix.length < SUFFIX_LENGTH) {
    const bytes = randomBytes(16);
    for (const byte of bytes) {
      if (byte < 248 && suffix.length < SUFFIX_LENGTH) suffix += SUFFIX_ALPHABET[byte % 62];
    }
    bytes.fill(0);
  }
  return suffix;
}

/** What a SecretId can match: the secret with this exact ARN, or the one with this name (in the ARN's scope, when it is one). */
export type SecretRef =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "arn"; readonly arn: string; readonly scope: SecretScope }
  | { readonly kind: "partial-arn"; readonly name: string; readonly scope: SecretScope }
  | { readonly kind: "invalid" };

/**
 * Reads a SecretId. An ARN whose last part ends like a random suffix is taken as a full ARN only,
 * as AWS takes it (so a name such as `db-a1b2c3` is found by name or full ARN, not by partial ARN).
 */
export function parseSecretId(id: string): SecretRef {
  const arn = SECRET_ARN.exec(id);
  if (arn === null) return isValidSecretName(id) ? { kind: "name", name: id } : { kind: "invalid" };
  const [, partition, region, accountId, rest] = arn as unknown as [string, string, string, string, string];
  const scope = { partition, region, accountId };
  if (ENDS_LIKE_SUFFIX.test(rest)) return { kind: "arn", arn: id, scope };
  return isValidSecretName(rest) ? { kind: "partial-arn", name: rest, scope } : { kind: "invalid" };
}
