import { ServiceError, fail } from "../../core/errors.js";
import type { KeyRef } from "../../core/kms/identifiers.js";
import { currentMaterial, type KeyUsage, type KmsKey } from "../../core/kms/kms-key.js";
import { requireKeyState, USABLE } from "../../core/kms/key-state.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import { requestAliasFacts } from "./request-alias.js";

/** One use of a key that is not symmetric encryption: signing, MACs, key agreement, encapsulation. */
export interface KeyUseRequest {
  /** The IAM action, e.g. "kms:Sign". */
  readonly action: string;
  readonly ref: KeyRef;
  /** The key usage the operation needs. */
  readonly usage: KeyUsage;
  readonly grantTokens?: readonly string[] | undefined;
  /** Request condition keys, e.g. kms:SigningAlgorithm. */
  readonly conditions?: Readonly<Record<string, string | undefined>>;
}

/** "kms:Sign" → "Sign", for AWS's key-usage messages. */
const operationOf = (action: string) => action.slice(action.indexOf(":") + 1);

/** Resolves, authorizes and checks a key for an operation that needs one key usage; AWS's errors and order. */
export async function keyForUse(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">, ctx: RequestContext, use: KeyUseRequest): Promise<KmsKey> {
  requireGrantTokensValid(use.grantTokens);
  const key = await deps.resolveKey(use.ref, ctx, { allowAlias: true, crossAccount: true });
  await deps.authorizeKey(ctx, {
    action: use.action,
    key,
    conditions: { ...requestAliasFacts(use.ref), ...use.conditions },
    ...(use.grantTokens !== undefined ? { grantTokens: use.grantTokens } : {}),
  });
  requireKeyState(key, USABLE);
  if (key.keyUsage !== use.usage) {
    throw new ServiceError("InvalidKeyUsageException", `${key.arn} key usage is ${key.keyUsage} which is not valid for ${operationOf(use.action)}.`);
  }
  return key;
}

/** An algorithm the key's spec must support (InvalidKeyUsageException, as AWS answers). */
export function requireAlgorithm(key: KmsKey, algorithm: string, supported: readonly string[]): void {
  if (!supported.includes(algorithm)) {
    throw new ServiceError("InvalidKeyUsageException", `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
}

/** Lends the key's current private key or secret to `fn`; a fault if it does not unwrap. */
export async function withCurrentMaterial<T>(deps: Pick<KmsDeps, "material">, key: KmsKey, fn: (material: SecretBytes) => T): Promise<T> {
  const material = currentMaterial(key);
  const result = await deps.material.withMaterial(key, material.id, fn);
  if (result === undefined) throw new Error(`the key material of ${key.arn} does not unwrap`);
  return result;
}

/** The public key of an asymmetric key; a fault if the store lost it. */
export function publicKeyOf(key: KmsKey): Buffer {
  if (key.publicKey === undefined) throw new Error(`${key.arn} has no public key`);
  return key.publicKey;
}

export function refuseDryRun(input: { readonly DryRun?: boolean }): void {
  if (input.DryRun) throw fail.dryRun();
}
