import type { KeyRef } from "../../core/kms/identifiers.js";

/** kms:RequestAlias: the alias name a request used to name its key, when it used one. */
export function requestAliasFacts(ref: KeyRef): { "kms:RequestAlias"?: string } {
  return ref.kind === "aliasName" || ref.kind === "aliasArn" ? { "kms:RequestAlias": ref.aliasName } : {};
}
