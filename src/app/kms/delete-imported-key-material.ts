import { deleteImportedMaterial } from "../../core/kms/imported-material.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

/**
 * DeleteImportedKeyMaterial: the material (the one named, or the current one) is deleted at once,
 * its sealed copy and every cached unwrapped copy; its KeyMaterialId stays, so only the same
 * material can be imported again under it.
 */
export function makeDeleteImportedKeyMaterial(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey" | "material">): KmsHandler<"DeleteImportedKeyMaterial"> {
  return async (input, ctx) => {
    let deleted = "";
    const key = await changeKey(deps, ctx, "kms:DeleteImportedKeyMaterial", input.KeyId, { allowAlias: false }, (current) => {
      const change = deleteImportedMaterial(current, input.KeyMaterialId);
      deleted = change.deleted;
      return { key: change.key };
    });
    deps.material.forget(key);
    return { KeyId: key.arn, KeyMaterialId: deleted };
  };
}
