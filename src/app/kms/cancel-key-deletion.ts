import { cancelDeletion } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

export function makeCancelKeyDeletion(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"CancelKeyDeletion"> {
  return async (input, ctx) => {
    const key = await changeKey(deps, ctx, "kms:CancelKeyDeletion", input.KeyId, { allowAlias: false }, (k) => ({ key: cancelDeletion(k) }));
    return { KeyId: key.arn };
  };
}
