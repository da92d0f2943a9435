import { ServiceError, fail } from "../../core/errors.js";
import { generateKeyMaterial } from "../../core/crypto/keys/index.js";
import { EMPTY_CONTEXT, type EncryptionContext } from "../../core/kms/encryption-context.js";
import type { KeyRef } from "../../core/kms/identifiers.js";
import type { DataKeyPairSpec } from "../../core/kms/operations.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { RequestContext } from "../context.js";
import { recipientUnsupported } from "./decrypt.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { encryptUnder, usableKey } from "./symmetric.js";

type Deps = Pick<KmsDeps, "keys" | "resolveKey" | "material" | "randomBytes" | "authorizeKey" | "keyStores">;

interface PairRequest {
  readonly action: string;
  readonly KeyId: KeyRef;
  readonly KeyPairSpec: DataKeyPairSpec;
  readonly EncryptionContext?: EncryptionContext;
  readonly GrantTokens?: readonly string[];
  readonly DryRun?: boolean;
}

interface Pair {
  readonly keyArn: string;
  readonly privateKey: SecretBytes;
  readonly publicKey: Buffer;
  readonly privateKeyCiphertext: Buffer;
  readonly materialId: string;
}

/**
 * A data key pair: generated here, its private key (PKCS#8 DER) encrypted under a symmetric KMS
 * key with the request's encryption context. The caller owns `privateKey` and must dispose it.
 */
async function generatePair(deps: Deps, ctx: RequestContext, request: PairRequest): Promise<Pair> {
  requireGrantTokensValid(request.GrantTokens);
  const context = request.EncryptionContext ?? EMPTY_CONTEXT;
  const key = await usableKey(deps, ctx, {
    action: request.action,
    ref: request.KeyId,
    encryptionContext: context,
    grantTokens: request.GrantTokens,
    conditions: { "kms:DataKeyPairSpec": request.KeyPairSpec },
  });
  if (key.customKeyStoreId !== undefined) {
    // AWS: data key pairs cannot be generated under a KMS key in a custom key store.
    throw new ServiceError("UnsupportedOperationException", `${key.arn} is in a custom key store, which ${request.action.slice(4)} does not support.`);
  }
  if (request.KeyPairSpec === "SM2") {
    throw new ServiceError("UnsupportedOperationException", "KeyPairSpec SM2 is offered only in AWS China Regions; Strongbox does not offer it.");
  }
  if (request.DryRun) throw fail.dryRun();
  const generated = await generateKeyMaterial(request.KeyPairSpec, deps.randomBytes);
  try {
    const { blob, materialId } = await encryptUnder(deps, key, generated.privateKey, context);
    if (generated.publicKey === undefined) throw new Error(`${request.KeyPairSpec} key pair has no public key`);
    return { keyArn: key.arn, privateKey: generated.privateKey, publicKey: generated.publicKey, privateKeyCiphertext: blob, materialId };
  } catch (error) {
    generated.privateKey.dispose();
    throw error;
  }
}

export function makeGenerateDataKeyPair(deps: Deps): KmsHandler<"GenerateDataKeyPair"> {
  return async (input, ctx) => {
    if (input.Recipient !== undefined) throw recipientUnsupported();
    const pair = await generatePair(deps, ctx, { ...input, action: "kms:GenerateDataKeyPair" });
    return {
      PrivateKeyCiphertextBlob: pair.privateKeyCiphertext,
      PrivateKeyPlaintext: pair.privateKey,
      PublicKey: pair.publicKey,
      KeyId: pair.keyArn,
      KeyPairSpec: input.KeyPairSpec,
      KeyMaterialId: pair.materialId,
    };
  };
}

export function makeGenerateDataKeyPairWithoutPlaintext(deps: Deps): KmsHandler<"GenerateDataKeyPairWithoutPlaintext"> {
  return async (input, ctx) => {
    const pair = await generatePair(deps, ctx, { ...input, action: "kms:GenerateDataKeyPairWithoutPlaintext" });
    pair.privateKey.dispose();
    return { PrivateKeyCiphertextBlob: pair.privateKeyCiphertext, PublicKey: pair.publicKey, KeyId: pair.keyArn, KeyPairSpec: input.KeyPairSpec, KeyMaterialId: pair.materialId };
  };
}
