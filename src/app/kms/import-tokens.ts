import type { Barrier } from "../../core/barrier.js";
import { generateWrappingKeyPair, type WrappingAlgorithm, type WrappingKeySpec } from "../../core/crypto/import-wrapping.js";
import { ServiceError } from "../../core/errors.js";
import { decodeImportToken, encodeImportToken, IMPORT_PARAMETERS_VALID_MS, importTokenIdentity, type ImportTokenContent } from "../../core/kms/import-token.js";
import type { KmsKey } from "../../core/kms/kms-key.js";

/**
 * Import tokens: a fresh RSA wrapping key pair per GetParametersForImport, its private key carried
 * inside the token itself, sealed under the barrier and bound to the key (docs/byok.md). Nothing
 * is stored: the token is the only copy of the wrapping private key, and it opens only inside this
 * Strongbox's barrier, only for the key it names, and only until ParametersValidTo.
 */
export interface IssuedImportParameters {
  readonly importToken: Buffer;
  readonly publicKey: Buffer;
  readonly validTo: Date;
}

export async function issueImportToken(
  barrier: () => Barrier,
  key: KmsKey,
  wrapping: { algorithm: WrappingAlgorithm; spec: WrappingKeySpec },
  now: Date,
): Promise<IssuedImportParameters> {
  const { privateKey, publicKey } = await generateWrappingKeyPair(wrapping.spec);
  const validTo = new Date(now.getTime() + IMPORT_PARAMETERS_VALID_MS);
  try {
    const payload = encodeImportToken({ keyArn: key.arn, wrappingAlgorithm: wrapping.algorithm, wrappingKeySpec: wrapping.spec, validTo, wrappingPrivateKey: privateKey });
    try {
      return { importToken: barrier().seal(payload, importTokenIdentity(key)), publicKey, validTo };
    } finally {
      payload.dispose();
    }
  } finally {
    privateKey.dispose();
  }
}

/**
 * Opens a token for `key`. A token that does not open (damaged, not Strongbox's, or issued for
 * another key) is InvalidImportTokenException; one past its ParametersValidTo is
 * ExpiredImportTokenException. The caller owns the returned wrapping private key and disposes it.
 */
export function openImportToken(barrier: () => Barrier, key: KmsKey, token: Buffer, now: Date): ImportTokenContent {
  const payload = barrier().open(token, importTokenIdentity(key));
  if (payload === undefined) throw invalidToken(key);
  let content: ImportTokenContent | undefined;
  try {
    content = decodeImportToken(payload);
  } finally {
    payload.dispose();
  }
  if (content === undefined || content.keyArn !== key.arn) {
    content?.wrappingPrivateKey.dispose();
    throw invalidToken(key);
  }
  if (content.validTo.getTime() <= now.getTime()) {
    content.wrappingPrivateKey.dispose();
    throw new ServiceError("ExpiredImportTokenException", `The import token expired at ${content.validTo.toISOString()}. Call GetParametersForImport for a new import token and public key.`);
  }
  return content;
}

function invalidToken(key: KmsKey): ServiceError {
  return new ServiceError("InvalidImportTokenException", `The import token is not valid for ${key.arn}. Use the import token and public key of one GetParametersForImport response for this key.`);
}
