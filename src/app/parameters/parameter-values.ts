import { ServiceError } from "../../core/errors.js";
import { ciphertextBundle, openParameterValue, parameterEncryptionContext, PARAMETER_VALUE_IV_BYTES, sealParameterValue } from "../../core/parameters/parameter-value-box.js";
import type { ParameterVersion } from "../../core/parameters/parameter.js";
import { awsManagedKeyAlias } from "../../core/kms/aws-managed-key.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import { SecretText } from "../../core/secret-text.js";
import type { RequestContext } from "../context.js";
import type { ParametersDeps } from "./handler.js";

/** The key a SecureString names when the caller names none. */
export const DEFAULT_PARAMETER_KEY = awsManagedKeyAlias("ssm");

/**
 * A SecureString value sealed for version `version` of `arn`: a fresh data key from KMS under
 * `keyId` as the caller (the AWS managed key `alias/aws/ssm` is created on first use), the value
 * sealed under it, the data key wiped.
 */
export async function sealParameterVersionValue(
  deps: Pick<ParametersDeps, "kms" | "randomBytes">,
  ctx: RequestContext,
  arn: string,
  keyId: string,
  version: number,
  value: SecretBytes,
): Promise<{ readonly encryptedDataKey: Buffer; readonly sealedValue: Buffer; readonly keyArn: string }> {
  // A key id or alias name is the parameter owner's, whoever writes (arn:<partition>:ssm:<region>:<account>:parameter/...).
  const [, , , region = ctx.region, accountId = ctx.caller.accountId] = arn.split(":");
  const owner = { partition: ctx.partition, region, accountId };
  const dataKey = await deps.kms.generateDataKey(ctx, keyId === DEFAULT_PARAMETER_KEY ? undefined : keyId, parameterEncryptionContext(arn), owner);
  try {
    const sealedValue = sealParameterValue(dataKey.plaintext, deps.randomBytes(PARAMETER_VALUE_IV_BYTES), value, { parameterArn: arn, version });
    return { encryptedDataKey: dataKey.ciphertext, sealedValue, keyArn: dataKey.keyArn };
  } finally {
    dataKey.plaintext.dispose();
  }
}

/** A SecureString version's value, decrypted through KMS as the caller. The caller of this owns the bytes. */
export async function openParameterVersionValue(deps: Pick<ParametersDeps, "kms">, ctx: RequestContext, arn: string, version: ParameterVersion): Promise<SecretBytes> {
  const dataKey = await deps.kms.decrypt(ctx, version.encryptedDataKey!, parameterEncryptionContext(arn), version.keyArn);
  try {
    const value = openParameterValue(dataKey.plaintext, version.sealedValue!, { parameterArn: arn, version: version.version });
    if (value === undefined) throw new ServiceError("InvalidKeyId", "The parameter value could not be decrypted with its KMS key.");
    return value;
  } finally {
    dataKey.plaintext.dispose();
  }
}

/**
 * The Value an answer carries: String and StringList as stored; SecureString decrypted (a
 * SecretText, wiped once written) with WithDecryption, else the opaque ciphertext bundle in base64.
 */
export async function valueOut(deps: Pick<ParametersDeps, "kms">, ctx: RequestContext, arn: string, version: ParameterVersion, withDecryption: boolean | undefined): Promise<string | SecretText> {
  if (version.type !== "SecureString") return version.plainValue ?? "";
  if (withDecryption !== true) return ciphertextBundle(version.encryptedDataKey!, version.sealedValue!).toString("base64");
  return new SecretText(await openParameterVersionValue(deps, ctx, arn, version));
}

/** Wipes the decrypted values of answers built so far, when a later one fails. */
export function disposeValues(entries: readonly { readonly Value: string | SecretText }[]): void {
  for (const entry of entries) if (entry.Value instanceof SecretText) entry.Value.dispose();
}
