import { ServiceError } from "../../core/errors.js";
import { keyAlgorithms } from "../../core/kms/key-algorithms.js";
import { requireKeyState, USABLE } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import { requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";
import { requestAliasFacts } from "./request-alias.js";

/** The public half of an asymmetric key, DER SubjectPublicKeyInfo, with what it may be used for. */
export function makeGetPublicKey(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"GetPublicKey"> {
  return async (input, ctx) => {
    requireGrantTokensValid(input.GrantTokens);
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: true, crossAccount: true });
    await deps.authorizeKey(ctx, { action: "kms:GetPublicKey", key, conditions: requestAliasFacts(input.KeyId) });
    requireKeyState(key, USABLE);
    if (key.publicKey === undefined) {
      throw new ServiceError("UnsupportedOperationException", `${key.arn} key spec ${key.keySpec} has no public key: GetPublicKey works with asymmetric keys only.`);
    }
    return { KeyId: key.arn, PublicKey: key.publicKey, CustomerMasterKeySpec: key.keySpec, KeySpec: key.keySpec, KeyUsage: key.keyUsage, ...keyAlgorithms(key) };
  };
}
