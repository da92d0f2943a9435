import { GCM_IV_BYTES } from "../crypto/aes-gcm.js";
import { openBox, sealBox } from "../sealed-box.js";
import type { SecretBytes } from "../secret-bytes.js";

/**
 * A secret version's value, sealed under its data key: the sealed box format (docs/formats.md)
 * with key version 0 and an identity naming the secret, the version and the kind of value, so
 * that a value copied to another secret or version, or read as the other kind, does not open.
 * The data key itself is stored as KMS returned it, encrypted under the secret's KMS key with the
 * encryption context {SecretARN, SecretVersionId}: the value is bound twice.
 */
export interface SecretValueIdentity {
  readonly secretArn: string;
  readonly versionId: string;
  readonly kind: "string" | "binary";
}

const DATA_KEY_VERSION = 0;
export const SECRET_VALUE_IV_BYTES = GCM_IV_BYTES;

/** JSON of the three parts: an ARN and a version id may hold any separator a path would use. */
export function secretValueIdentity(value: SecretValueIdentity): string {
  return `secretsmanager/secret-value/${JSON.stringify([value.secretArn, value.versionId, value.kind])}`;
}

export function sealSecretValue(dataKey: SecretBytes, iv: Buffer, value: SecretBytes, identity: SecretValueIdentity): Buffer {
  return sealBox(dataKey, DATA_KEY_VERSION, iv, value, secretValueIdentity(identity));
}

/** The value, or undefined when the box was not sealed for this identity under this key. */
export function openSecretValue(dataKey: SecretBytes, box: Buffer, identity: SecretValueIdentity): SecretBytes | undefined {
  return openBox(dataKey, box, secretValueIdentity(identity));
}

/** KMS's encryption context for a version's data key (AWS's, verbatim). */
export function secretEncryptionContext(secretArn: string, versionId: string): Readonly<Record<string, string>> {
  return { SecretARN: secretArn, SecretVersionId: versionId };
}
