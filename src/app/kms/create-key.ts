import { ServiceError } from "../../core/errors.js";
import { defaultKeyPolicy } from "../../core/kms/default-key-policy.js";
import { keyArn, uuidFromRandom } from "../../core/kms/identifiers.js";
import { keyMetadata } from "../../core/kms/key-metadata.js";
import { commitmentKeyIdentity, newKmsKey, type KeyLocator, type KeySpec, type KeyUsage } from "../../core/kms/kms-key.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { KEY_USAGES } from "../../core/crypto/keys/index.js";
import { KEY_MATERIAL_ID_BYTES } from "../../core/kms/ciphertext-blob.js";
import type { KmsInputs } from "../../core/kms/operations.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { authorizeAccountAction } from "./account-actions.js";
import { loadStore } from "./custom-key-store-rules.js";
import { fails } from "../../core/kms/custom-key-store.js";
import { requestTagFacts, validateNewTags } from "./tag-rules.js";
import { requireLockoutSafe, validateKeyPolicy } from "./policy-document.js";

/**
 * The key specs that take imported material: AWS's "Requirements for imported key material" lists
 * symmetric encryption, HMAC, RSA and ECC (and SM2 in China) keys. Ed25519, ML-DSA and ML-KEM keys
 * are not in it (docs/byok.md).
 */
const IMPORTABLE_SPECS: ReadonlySet<KeySpec> = new Set<KeySpec>([
  "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "RSA_2048", "RSA_3072", "RSA_4096",
  "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1",
]);

/** The key spec, usage and origin a CreateKey request asks for, after AWS's compatibility checks. */
function requireSupportedSpec(input: KmsInputs["CreateKey"]): { keySpec: KeySpec; keyUsage: KeyUsage; origin: "AWS_KMS" | "EXTERNAL" | "AWS_CLOUDHSM" } {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw new ServiceError("ValidationException", "You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.");
  }
  const keySpec = (input.KeySpec ?? input.CustomerMasterKeySpec ?? "SYMMETRIC_DEFAULT") as KeySpec;
  const keyUsage = (input.KeyUsage ?? "ENCRYPT_DECRYPT") as KeyUsage;
  if (keySpec === "SM2") {
    throw new ServiceError("UnsupportedOperationException", "KeySpec SM2 is offered only in AWS China Regions; Strongbox does not offer it (no SM2 implementation it trusts).");
  }
  if (!(KEY_USAGES[keySpec] ?? []).includes(keyUsage)) {
    throw new ServiceError("ValidationException", `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
  }
  const origin = keyOrigin(input);
  if (input.CustomKeyStoreId !== undefined || origin === "AWS_CLOUDHSM") {
    requireCustomKeyStoreSpec(input, keySpec, keyUsage, origin);
    return { keySpec, keyUsage, origin: "AWS_CLOUDHSM" };
  }
  if (origin !== "AWS_KMS" && origin !== "EXTERNAL") {
    throw new ServiceError("UnsupportedOperationException", `Origin ${origin} is not supported by this Strongbox; only AWS_KMS, EXTERNAL and AWS_CLOUDHSM keys can be created.`);
  }
  if (origin === "EXTERNAL" && !IMPORTABLE_SPECS.has(keySpec)) {
    throw new ServiceError("UnsupportedOperationException", `KeySpec ${keySpec} does not support imported key material (Origin EXTERNAL).`);
  }
  if (input.XksKeyId !== undefined) {
    throw new ServiceError("UnsupportedOperationException", "External key stores (XksKeyId) are not supported by Strongbox.");
  }
  if (input.MultiRegion === true) {
    throw new ServiceError("UnsupportedOperationException", "Multi-Region keys are not supported by this Strongbox yet.");
  }
  return { keySpec, keyUsage, origin };
}

/** An EXTERNAL key's commitment key: 256 random bits, sealed under the barrier, bound to the key. */
function newCommitmentKey(deps: Pick<KmsDeps, "barrier" | "randomBytes">, locator: KeyLocator): Buffer {
  const secret = SecretBytes.adopt(deps.randomBytes(32));
  try {
    return deps.barrier().seal(secret, commitmentKeyIdentity(locator));
  } finally {
    secret.dispose();
  }
}

/** The Origin of the new key: AWS_CLOUDHSM when a custom key store is named and Origin is left out. */
function keyOrigin(input: KmsInputs["CreateKey"]): string {
  return input.Origin ?? (input.CustomKeyStoreId !== undefined ? "AWS_CLOUDHSM" : "AWS_KMS");
}

/** AWS's rules for a key in a CloudHSM key store: symmetric encryption, single-Region, Origin AWS_CLOUDHSM with the store named. */
function requireCustomKeyStoreSpec(input: KmsInputs["CreateKey"], keySpec: KeySpec, keyUsage: KeyUsage, origin: string): void {
  if (input.CustomKeyStoreId === undefined) throw new ServiceError("ValidationException", "CustomKeyStoreId is required when Origin is AWS_CLOUDHSM.");
  if (origin !== "AWS_CLOUDHSM") {
    throw new ServiceError("UnsupportedOperationException", `Origin ${origin} cannot be used with CustomKeyStoreId: keys in a CloudHSM key store have Origin AWS_CLOUDHSM.`);
  }
  if (keySpec !== "SYMMETRIC_DEFAULT" || keyUsage !== "ENCRYPT_DECRYPT") {
    throw new ServiceError("UnsupportedOperationException", "A custom key store holds only symmetric encryption keys (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT).");
  }
  if (input.MultiRegion === true) throw new ServiceError("UnsupportedOperationException", "Multi-Region keys cannot be created in a custom key store.");
  if (input.XksKeyId !== undefined) throw new ServiceError("UnsupportedOperationException", "XksKeyId applies to external key stores, which Strongbox does not support.");
}

export function makeCreateKey(
  deps: Pick<KmsDeps, "keys" | "material" | "barrier" | "clock" | "randomBytes" | "authorize" | "authorizeKey" | "principals" | "customKeyStores" | "keyStores">,
): KmsHandler<"CreateKey"> {
  return async (input, ctx) => {
    const { keySpec, keyUsage, origin } = requireSupportedSpec(input);
    const tags = validateNewTags([], input.Tags ?? []);
    await authorizeAccountAction(deps, ctx, "kms:CreateKey", {
      ...requestTagFacts(tags),
      "kms:KeySpec": keySpec,
      "kms:KeyUsage": keyUsage,
      "kms:KeyOrigin": keyOrigin(input),
      "kms:MultiRegion": input.MultiRegion ?? false,
      "kms:BypassPolicyLockoutSafetyCheck": input.BypassPolicyLockoutSafetyCheck ?? false,
    });
    const policyPins = input.Policy !== undefined ? await validateKeyPolicy(deps, ctx, input.Policy) : {};
    const keyId = uuidFromRandom(deps.randomBytes(16));
    const scope = { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
    const materialId = deps.randomBytes(KEY_MATERIAL_ID_BYTES).toString("hex");
    const locator = { accountId: scope.accountId, region: scope.region, keyId };
    if (input.CustomKeyStoreId !== undefined) {
      const store = await loadStore(deps, ctx, input.CustomKeyStoreId);
      const key = newKmsKey({
        keySpec,
        keyUsage,
        publicKey: undefined,
        locator,
        arn: keyArn(scope, keyId),
        createdAt: ctx.now,
        description: input.Description ?? "",
        materialId,
        tags,
        policy: input.Policy ?? defaultKeyPolicy(ctx.partition, scope.accountId),
        policyPins,
        customKeyStoreId: store.id,
      });
      if (input.Policy !== undefined && !input.BypassPolicyLockoutSafetyCheck) await requireLockoutSafe(deps, ctx, key);
      // The material is generated in the token and never leaves it: the store keeps no wrapped copy.
      deps.keyStores.generateMaterial(store, key.arn, keyId, materialId);
      try {
        await deps.keys.create(key, { id: materialId, wrapped: Buffer.alloc(0) });
      } catch (error) {
        deps.keyStores.discardMaterial(store, keyId, materialId);
        // The store was deleted since it was read (the store refuses a key naming a missing store).
        if ((await deps.customKeyStores.get(store)) === undefined) throw fails.notFound(`'${store.id}'`);
        throw error;
      }
      return { KeyMetadata: keyMetadata(key, { cloudHsmClusterId: store.clusterId, connected: true }) };
    }
    // An EXTERNAL key starts with no material; its public key (if any) comes with the import.
    const created = origin === "AWS_KMS" ? await deps.material.create(locator, keySpec, materialId) : undefined;
    const key = newKmsKey({
      origin: origin === "AWS_KMS" ? { type: "AWS_KMS", materialId } : { type: "EXTERNAL", wrappedCommitmentKey: newCommitmentKey(deps, locator) },
      keySpec,
      keyUsage,
      publicKey: created?.publicKey,
      locator,
      arn: keyArn(scope, keyId),
      createdAt: ctx.now,
      description: input.Description ?? "",
      tags,
      policy: input.Policy ?? defaultKeyPolicy(ctx.partition, scope.accountId),
      policyPins,
    });
    if (input.Policy !== undefined && !input.BypassPolicyLockoutSafetyCheck) await requireLockoutSafe(deps, ctx, key);
    await deps.keys.create(key, created?.material);
    return { KeyMetadata: keyMetadata(key) };
  };
}
