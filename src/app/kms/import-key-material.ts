import type { Barrier } from "../../core/barrier.js";
import { commitToMaterial, importedKey, ImportedMaterialError, unwrapKeyMaterial, type ImportedKey } from "../../core/crypto/import-wrapping.js";
import { ServiceError, fail } from "../../core/errors.js";
import { expirationOf, importMaterial, requireImportable } from "../../core/kms/imported-material.js";
import { commitmentKeyIdentity, keyMaterialIdentity, type KmsKey } from "../../core/kms/kms-key.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import { importConditionKeys } from "../access/condition-keys.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { openImportToken } from "./import-tokens.js";
import { changeKey } from "./key-writer.js";

/** ImportType, KeyMaterialId and KeyMaterialDescription are for symmetric encryption keys only (API reference). */
function requireSymmetricOnlyMembers(key: KmsKey, input: { ImportType?: string; KeyMaterialId?: string; KeyMaterialDescription?: string }): void {
  if (key.keySpec === "SYMMETRIC_DEFAULT") return;
  for (const member of ["ImportType", "KeyMaterialId", "KeyMaterialDescription"] as const) {
    if (input[member] !== undefined) throw new ServiceError("ValidationException", `${member} is valid only for symmetric encryption KMS keys; ${key.arn} is ${key.keySpec}.`);
  }
}

/**
 * Opens the token, unwraps the material with the algorithm the token names, and checks it against
 * the key spec. Returns what is stored and the material's KeyMaterialId (its commitment).
 */
function unwrapFor(barrier: () => Barrier, key: KmsKey, token: Buffer, encrypted: Buffer, now: Date): { key: ImportedKey; materialId: string } {
  const content = openImportToken(barrier, key, token, now);
  let raw: SecretBytes | undefined;
  try {
    raw = unwrapKeyMaterial(content.wrappingAlgorithm, content.wrappingPrivateKey, encrypted);
    if (raw === undefined) throw fail.invalidCiphertext();
    const imported = importedKey(key.keySpec, raw);
    try {
      return { key: imported, materialId: commitmentOf(barrier, key, imported.material) };
    } catch (error) {
      imported.material.dispose();
      throw error;
    }
  } catch (error) {
    if (error instanceof ImportedMaterialError) throw new ServiceError("IncorrectKeyMaterialException", error.message);
    throw error;
  } finally {
    raw?.dispose();
    content.wrappingPrivateKey.dispose();
  }
}

function commitmentOf(barrier: () => Barrier, key: KmsKey, material: SecretBytes): string {
  const sealed = key.wrappedCommitmentKey;
  const commitmentKey = sealed && barrier().open(sealed, commitmentKeyIdentity(key));
  if (commitmentKey === undefined) throw new Error(`the commitment key of ${key.arn} does not open`);
  try {
    return commitToMaterial(commitmentKey, material).toString("hex");
  } finally {
    commitmentKey.dispose();
  }
}

/**
 * ImportKeyMaterial: the material becomes the key's (first import) or is the key's again (reimport
 * after expiry or deletion, or to change its expiration). Everything is checked before anything is
 * written; the unwrapped material exists only until it is sealed under the barrier.
 */
export function makeImportKeyMaterial(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey" | "barrier" | "material">): KmsHandler<"ImportKeyMaterial"> {
  return async (input, ctx) => {
    const expiration = expirationOf(input, ctx.now);
    const conditions = importConditionKeys({ expirationModel: expiration.expirationModel, validTo: expiration.validTo });
    let materialId = "";
    const key = await changeKey(deps, ctx, "kms:ImportKeyMaterial", input.KeyId, { allowAlias: false, conditions }, (current) => {
      requireImportable(current);
      requireSymmetricOnlyMembers(current, input);
      const unwrapped = unwrapFor(deps.barrier, current, input.ImportToken, input.EncryptedKeyMaterial, ctx.now);
      try {
        materialId = unwrapped.materialId;
        const { key: next, storeMaterial } = importMaterial(current, {
          materialId,
          importType: input.ImportType,
          claimedMaterialId: input.KeyMaterialId,
          description: input.KeyMaterialDescription,
          publicKey: unwrapped.key.publicKey,
          ...expiration,
          now: ctx.now,
        });
        if (!storeMaterial) return { key: next };
        const wrapped = deps.barrier().seal(unwrapped.key.material, keyMaterialIdentity(current, materialId));
        return { key: next, newMaterial: { id: materialId, wrapped } };
      } finally {
        unwrapped.key.material.dispose();
      }
    });
    deps.material.forget(key);
    return { KeyId: key.arn, KeyMaterialId: materialId };
  };
}
