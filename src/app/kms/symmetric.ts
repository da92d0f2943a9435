import { ServiceError, fail } from "../../core/errors.js";
import { GCM_IV_BYTES } from "../../core/crypto/aes-gcm.js";
import { parseCiphertextBlob } from "../../core/kms/ciphertext-blob.js";
import { EMPTY_CONTEXT, type EncryptionContext } from "../../core/kms/encryption-context.js";
import type { KeyRef } from "../../core/kms/identifiers.js";
import { currentMaterial, findMaterial, type KmsKey } from "../../core/kms/kms-key.js";
import { requireKeyState, USABLE } from "../../core/kms/key-state.js";
import type { EncryptionAlgorithm } from "../../core/kms/operations.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import { decryptSymmetric, decryptSymmetricWith, encryptSymmetric, encryptSymmetricWith } from "../../core/kms/symmetric-cipher.js";
import { asymmetricDecrypt, asymmetricEncrypt, ENCRYPTION_ALGORITHMS, maxAsymmetricPlaintext, type AsymmetricEncryptionAlgorithm } from "../../core/crypto/keys/index.js";
import { publicKeyOf } from "./key-use.js";
import { requestAliasFacts } from "./request-alias.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";

type CryptoDeps = Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">;

/**
 * Key usage and algorithm checks shared by every encryption operation: the key must be an
 * encryption key, and the algorithm one of its own (SYMMETRIC_DEFAULT for symmetric keys, an
 * RSAES_OAEP algorithm, which the caller must name, for RSA keys). Operations that only
 * symmetric keys serve (the data key family) pass `asymmetric: false`. Returns the algorithm.
 */
export function requireEncryption(key: KmsKey, operation: string, algorithm: EncryptionAlgorithm | undefined, options: { asymmetric: boolean }): EncryptionAlgorithm {
  if (key.keyUsage !== "ENCRYPT_DECRYPT") {
    throw new ServiceError("InvalidKeyUsageException", `${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
  }
  if (key.keySpec === "SYMMETRIC_DEFAULT") {
    if (algorithm !== undefined && algorithm !== "SYMMETRIC_DEFAULT") {
      throw new ServiceError("InvalidKeyUsageException", `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
    }
    return "SYMMETRIC_DEFAULT";
  }
  if (!options.asymmetric) {
    throw new ServiceError("InvalidKeyUsageException", `${key.arn} key spec ${key.keySpec} is not valid for ${operation}: it needs a symmetric encryption key.`);
  }
  if (algorithm === undefined || !(ENCRYPTION_ALGORITHMS[key.keySpec] ?? []).includes(algorithm)) {
    throw new ServiceError("InvalidKeyUsageException", `Algorithm ${algorithm ?? "SYMMETRIC_DEFAULT"} is incompatible with key spec ${key.keySpec}.`);
  }
  return algorithm;
}

/** "kms:GenerateDataKey" → "GenerateDataKey", for AWS's key-usage messages. */
const operationOf = (action: string) => action.slice(action.indexOf(":") + 1).replace(/^ReEncrypt(From|To)$/, "ReEncrypt");

/** One cryptographic use of a key, as a request asks for it. */
export interface KeyUse {
  readonly action: string;
  readonly ref: KeyRef;
  readonly algorithm?: EncryptionAlgorithm | undefined;
  readonly encryptionContext?: EncryptionContext | undefined;
  readonly grantTokens?: readonly string[] | undefined;
  /** Whether an RSA encryption key may serve (Encrypt, Decrypt, ReEncrypt), not just symmetric ones. */
  readonly asymmetric?: boolean;
  /** Further request condition keys, e.g. kms:DataKeyPairSpec. */
  readonly conditions?: Readonly<Record<string, string>>;
}

/** Resolves, authorizes and checks a key for a cryptographic operation. */
export async function usableKey(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">, ctx: RequestContext, use: KeyUse): Promise<KmsKey> {
  const key = await deps.resolveKey(use.ref, ctx, { allowAlias: true, crossAccount: true });
  await deps.authorizeKey(ctx, {
    action: use.action,
    key,
    encryptionContext: use.encryptionContext ?? EMPTY_CONTEXT,
    conditions: { ...use.conditions, ...requestAliasFacts(use.ref), "kms:EncryptionAlgorithm": use.algorithm ?? "SYMMETRIC_DEFAULT" },
    ...(use.grantTokens !== undefined ? { grantTokens: use.grantTokens } : {}),
  });
  requireKeyState(key, USABLE);
  requireEncryption(key, operationOf(use.action), use.algorithm, { asymmetric: use.asymmetric ?? false });
  return key;
}

/**
 * Encrypts under a key: AES-256-GCM in Strongbox's blob format for a symmetric key; RSAES-OAEP
 * under the public key for an RSA key (the raw RSA ciphertext, as AWS returns it; no encryption
 * context, and at most as much plaintext as the key size and padding allow).
 */
export async function encryptUnder(
  deps: CryptoDeps,
  key: KmsKey,
  plaintext: SecretBytes,
  context: EncryptionContext,
  algorithm: EncryptionAlgorithm = "SYMMETRIC_DEFAULT",
): Promise<{ blob: Buffer; materialId: string }> {
  const material = currentMaterial(key);
  if (key.keySpec !== "SYMMETRIC_DEFAULT") {
    const oaep = algorithm as AsymmetricEncryptionAlgorithm;
    requireNoContext(key, context);
    const limit = maxAsymmetricPlaintext(key.keySpec, oaep);
    if (plaintext.length > limit) {
      throw new ServiceError("ValidationException", `Plaintext is ${plaintext.length} bytes; ${key.keySpec} with ${oaep} encrypts at most ${limit} bytes.`);
    }
    return { blob: asymmetricEncrypt(key.keySpec, oaep, publicKeyOf(key), plaintext), materialId: material.id };
  }
  const header = { keyId: key.keyId, accountId: key.accountId, keyMaterialId: material.id, iv: deps.randomBytes(GCM_IV_BYTES) };
  if (key.customKeyStoreId !== undefined) {
    // The material never leaves the custom key store's token: the GCM runs there.
    const sealed = deps.keyStores.withCipher(key, material.id, (cipher) => encryptSymmetricWith(cipher.seal, header, plaintext, context));
    return { blob: sealed, materialId: material.id };
  }
  const blob = await deps.material.withMaterial(key, material.id, (backingKey) => encryptSymmetric(backingKey, header, plaintext, context));
  if (blob === undefined) throw new Error(`current key material of ${key.arn} does not unwrap`);
  return { blob, materialId: material.id };
}

/** Asymmetric encryption binds no encryption context: AWS refuses one rather than ignore it. */
function requireNoContext(key: KmsKey, context: EncryptionContext): void {
  if (Object.keys(context).length > 0) {
    throw new ServiceError("ValidationException", `${key.arn} is an asymmetric key: encryption context is not supported with it.`);
  }
}

/** DryRun checks everything but acts on nothing; IGNORE_CIPHERTEXT skips the ciphertext check. */
export type DryRunMode = "off" | "full" | "ignore-ciphertext";

export function dryRunMode(input: { DryRun?: boolean; DryRunModifiers?: readonly string[] }): DryRunMode {
  if (!input.DryRun) return "off";
  return input.DryRunModifiers?.includes("IGNORE_CIPHERTEXT") ? "ignore-ciphertext" : "full";
}

export interface Decrypted {
  readonly key: KmsKey;
  readonly plaintext: SecretBytes;
  readonly materialId: string;
}

/**
 * Opens a symmetric ciphertext blob. Whatever is wrong with the blob (damaged, truncated, another
 * context, a key or material that does not exist) the answer is the same InvalidCiphertextException.
 * A KeyId that names a different key than the blob's is IncorrectKeyException, as in AWS.
 * DryRun checks everything and then refuses; with IGNORE_CIPHERTEXT it checks only the key named
 * by KeyId (which is then required) and does not look at the blob at all.
 */
export async function decryptBlob(
  deps: CryptoDeps,
  ctx: RequestContext,
  action: string,
  blob: Buffer | undefined,
  context: EncryptionContext,
  options: { keyRef?: KeyRef; keyIdMember: string; algorithm?: EncryptionAlgorithm; dryRun: DryRunMode; grantTokens?: readonly string[] | undefined },
): Promise<Decrypted> {
  if (options.dryRun === "ignore-ciphertext") {
    if (options.keyRef === undefined) {
      throw new ServiceError("ValidationException", `${options.keyIdMember} is required when DryRun is true and DryRunModifiers is IGNORE_CIPHERTEXT.`);
    }
    await usableKey(deps, ctx, { action, ref: options.keyRef, algorithm: options.algorithm, encryptionContext: context, grantTokens: options.grantTokens, asymmetric: true });
    throw fail.dryRun();
  }
  if (blob === undefined) {
    throw new ServiceError("ValidationException", "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  let named: KmsKey | undefined;
  if (options.keyRef !== undefined) {
    named = await deps.resolveKey(options.keyRef, ctx, { allowAlias: true, crossAccount: true });
    if (named.keySpec !== "SYMMETRIC_DEFAULT") return decryptAsymmetric(deps, ctx, action, named, blob, context, { ...options, keyRef: options.keyRef });
  }
  const parsed = parseCiphertextBlob(blob);
  if (named !== undefined) {
    if (parsed !== undefined && (parsed.keyId !== named.keyId || parsed.accountId !== named.accountId)) {
      throw new ServiceError("IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
    }
  }
  if (parsed === undefined) throw fail.invalidCiphertext();
  const key = named ?? (await deps.keys.get({ accountId: parsed.accountId, region: ctx.region, keyId: parsed.keyId }));
  // Only symmetric keys make Strongbox blobs: a blob that names any other key is no ciphertext of it.
  if (key === undefined || key.keySpec !== "SYMMETRIC_DEFAULT") throw fail.invalidCiphertext();
  await deps.authorizeKey(ctx, {
    action,
    key,
    encryptionContext: context,
    conditions: { ...(options.keyRef !== undefined ? requestAliasFacts(options.keyRef) : {}), "kms:EncryptionAlgorithm": options.algorithm ?? "SYMMETRIC_DEFAULT" },
    ...(options.grantTokens !== undefined ? { grantTokens: options.grantTokens } : {}),
  });
  requireKeyState(key, USABLE);
  requireEncryption(key, operationOf(action), options.algorithm, { asymmetric: true });
  if (findMaterial(key, parsed.keyMaterialId) === undefined) throw fail.invalidCiphertext();
  const plaintext =
    key.customKeyStoreId !== undefined
      ? deps.keyStores.withCipher(key, parsed.keyMaterialId, (cipher) => decryptSymmetricWith(cipher.open, parsed, context))
      : await deps.material.withMaterial(key, parsed.keyMaterialId, (backingKey) => decryptSymmetric(backingKey, parsed, context));
  if (plaintext === undefined) throw fail.invalidCiphertext();
  if (options.dryRun === "full") {
    plaintext.dispose();
    throw fail.dryRun();
  }
  return { key, plaintext, materialId: parsed.keyMaterialId };
}

/**
 * Decrypts an RSAES-OAEP ciphertext with the private key of the key the caller named (AWS needs
 * KeyId and EncryptionAlgorithm for asymmetric ciphertext: the ciphertext names no key). Any
 * failure to decrypt is the same InvalidCiphertextException.
 */
async function decryptAsymmetric(
  deps: CryptoDeps,
  ctx: RequestContext,
  action: string,
  key: KmsKey,
  blob: Buffer,
  context: EncryptionContext,
  options: { keyRef: KeyRef; algorithm?: EncryptionAlgorithm; dryRun: DryRunMode; grantTokens?: readonly string[] | undefined },
): Promise<Decrypted> {
  await deps.authorizeKey(ctx, {
    action,
    key,
    encryptionContext: context,
    conditions: { ...requestAliasFacts(options.keyRef), "kms:EncryptionAlgorithm": options.algorithm ?? "SYMMETRIC_DEFAULT" },
    ...(options.grantTokens !== undefined ? { grantTokens: options.grantTokens } : {}),
  });
  requireKeyState(key, USABLE);
  const algorithm = requireEncryption(key, operationOf(action), options.algorithm, { asymmetric: true }) as AsymmetricEncryptionAlgorithm;
  requireNoContext(key, context);
  const material = currentMaterial(key);
  const plaintext = await deps.material.withMaterial(key, material.id, (privateKey) => asymmetricDecrypt(key.keySpec, algorithm, privateKey, blob));
  if (plaintext === undefined) throw fail.invalidCiphertext();
  if (options.dryRun === "full") {
    plaintext.dispose();
    throw fail.dryRun();
  }
  return { key, plaintext, materialId: material.id };
}
