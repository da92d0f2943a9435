import { deleteImportedMaterial } from "../../core/kms/imported-material.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

/**
 * DeleteImportedKeyMaterial: the material is deleted at once (its sealed copy and every cached
 * unwrapped copy); its KeyMaterialId stays, so only the same material can be imported again.
 */
export function makeDeleteImportedKeyMaterial(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey" | "material">): KmsHandler<"DeleteImportedKeyMaterial"> {
  return async (input, ctx) => {
    const key = await changeKey(deps, ctx, "kms:DeleteImportedKeyMaterial", input.KeyId, { allowAlias: false }, (current) => ({
      key: deleteImportedMaterial(current, input.KeyMaterialId),
    }));
    deps.material.forget(key);
    return { KeyId: key.arn, KeyMaterialId: key.importedMaterial?.materialId ?? "" };
  };
}
