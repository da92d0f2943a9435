import { constantTimeEqual } from "../../core/crypto/kdf.js";
import { ServiceError } from "../../core/errors.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { Secret, SecretVersion } from "../../core/secrets/secret.js";
import { openSecretValue, sealSecretValue, secretEncryptionContext, SECRET_VALUE_IV_BYTES } from "../../core/secrets/secret-value-box.js";
import type { RequestContext } from "../context.js";
import type { SecretsDeps } from "./handler.js";
import { secretFails } from "./secret-errors.js";

/** A secret value from a request: the kind it came as, and its bytes (owned by the request). */
export interface SecretValue {
  readonly kind: "string" | "binary";
  readonly bytes: SecretBytes;
}

/** AWS's quota on a secret value, in bytes (the model counts a string's characters; the quota its bytes). */
export const MAX_SECRET_VALUE_BYTES = 65_536;

/** The one value a request carries, if any: SecretString or SecretBinary, never both. */
export function valueOf(input: { readonly SecretString?: SecretBytes; readonly SecretBinary?: SecretBytes }): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw secretFails.bothValues();
  const value: SecretValue | undefined =
    input.SecretString !== undefined ? { kind: "string", bytes: input.SecretString } : input.SecretBinary !== undefined ? { kind: "binary", bytes: input.SecretBinary } : undefined;
  if (value !== undefined && value.bytes.length > MAX_SECRET_VALUE_BYTES) {
    throw new ServiceError("InvalidParameterException", `The secret value is ${value.bytes.length} bytes; a secret value can be at most ${MAX_SECRET_VALUE_BYTES} bytes.`);
  }
  return value;
}

/** Wipes what a request carried, whatever happened to it. */
export function disposeValue(input: { readonly SecretString?: SecretBytes; readonly SecretBinary?: SecretBytes }): void {
  input.SecretString?.dispose();
  input.SecretBinary?.dispose();
}

/**
 * A new version: a fresh data key from KMS under the secret's key, as the caller, with the
 * encryption context naming the secret and version; the value sealed under it; the data key wiped.
 */
export async function sealVersion(
  deps: Pick<SecretsDeps, "kms" | "randomBytes">,
  ctx: RequestContext,
  secret: Pick<Secret, "arn" | "kmsKeyId" | "accountId" | "region">,
  versionId: string,
  value: SecretValue,
): Promise<SecretVersion> {
  const owner = { partition: ctx.partition, accountId: secret.accountId, region: secret.region };
  const dataKey = await deps.kms.generateDataKey(ctx, secret.kmsKeyId, secretEncryptionContext(secret.arn, versionId), owner);
  try {
    const sealedValue = sealSecretValue(dataKey.plaintext, deps.randomBytes(SECRET_VALUE_IV_BYTES), value.bytes, { secretArn: secret.arn, versionId, kind: value.kind });
    return {
      versionId,
      createdAt: ctx.now,
      kind: value.kind,
      kmsKeyArn: dataKey.keyArn,
      ...(secret.kmsKeyId === undefined ? { defaultKey: true } : {}),
      encryptedDataKey: dataKey.ciphertext,
      sealedValue,
    };
  } finally {
    dataKey.plaintext.dispose();
  }
}

/** A version's value, decrypted through KMS as the caller. The caller of this owns the bytes. */
export async function openVersion(deps: Pick<SecretsDeps, "kms">, ctx: RequestContext, secretArn: string, version: SecretVersion): Promise<SecretBytes> {
  const kind = version.kind;
  if (kind === "empty") throw secretFails.noValueForVersion(version.versionId);
  if (version.kmsKeyArn === undefined) throw new ServiceError("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
  const dataKey = await deps.kms.decrypt(ctx, version.encryptedDataKey, secretEncryptionContext(secretArn, version.versionId), version.kmsKeyArn);
  try {
    const value = openSecretValue(dataKey.plaintext, version.sealedValue, { secretArn, versionId: version.versionId, kind });
    if (value === undefined) throw new ServiceError("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    return value;
  } finally {
    dataKey.plaintext.dispose();
  }
}

/** Whether a stored version holds exactly this value (a ClientRequestToken retried), compared in constant time. */
export async function versionHolds(deps: Pick<SecretsDeps, "kms">, ctx: RequestContext, secretArn: string, version: SecretVersion, value: SecretValue): Promise<boolean> {
  if (version.kind !== value.kind) return false;
  const stored = await openVersion(deps, ctx, secretArn, version);
  try {
    return stored.use((a) => value.bytes.use((b) => constantTimeEqual(a, b)));
  } finally {
    stored.dispose();
  }
}
