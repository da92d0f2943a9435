import { GCM_IV_BYTES } from "../crypto/aes-gcm.js";
import { openBox, sealBox } from "../sealed-box.js";
import type { SecretBytes } from "../secret-bytes.js";

/**
 * A SecureString version's value, sealed under its own data key: the sealed box format
 * (docs/formats.md) with key version 0 and an identity naming the parameter ARN and the version,
 * so a value copied to another parameter or version does not open. The data key is stored as KMS
 * returned it, encrypted under the parameter's KMS key with the encryption context
 * {"PARAMETER_ARN": <arn>} (AWS's context for Parameter Store, verbatim).
 *
 * What GetParameter answers without WithDecryption is the "ciphertext bundle" (docs/parameters.md):
 *
 *   offset  size  field
 *   0       1     bundle format, 0x01
 *   1       2     length n of the encrypted data key, big-endian
 *   3       n     the encrypted data key (a KMS ciphertext blob)
 *   3+n     ...   the sealed box
 *
 * sent as base64. It is opaque to the caller, as AWS's ciphertext is for Advanced parameters.
 */
export interface ParameterValueIdentity {
  readonly parameterArn: string;
  readonly version: number;
}

const DATA_KEY_VERSION = 0;
const BUNDLE_FORMAT = 0x01;
export const PARAMETER_VALUE_IV_BYTES = GCM_IV_BYTES;

export function parameterValueIdentity(value: ParameterValueIdentity): string {
  return `ssm/parameter-value/${JSON.stringify([value.parameterArn, value.version])}`;
}

export function sealParameterValue(dataKey: SecretBytes, iv: Buffer, value: SecretBytes, identity: ParameterValueIdentity): Buffer {
  return sealBox(dataKey, DATA_KEY_VERSION, iv, value, parameterValueIdentity(identity));
}

/** The value, or undefined when the box was not sealed for this identity under this key. */
export function openParameterValue(dataKey: SecretBytes, box: Buffer, identity: ParameterValueIdentity): SecretBytes | undefined {
  return openBox(dataKey, box, parameterValueIdentity(identity));
}

/** KMS's encryption context for a parameter's data keys (AWS's, [KMS-PS]). */
export function parameterEncryptionContext(parameterArn: string): Readonly<Record<string, string>> {
  return { PARAMETER_ARN: parameterArn };
}

export function ciphertextBundle(encryptedDataKey: Buffer, sealedValue: Buffer): Buffer {
  const header = Buffer.alloc(3);
  header[0] = BUNDLE_FORMAT;
  header.writeUInt16BE(encryptedDataKey.length, 1);
  return Buffer.concat([header, encryptedDataKey, sealedValue]);
}
