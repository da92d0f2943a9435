import { ServiceError } from "../../core/errors.js";
import { DEFAULT_POLICY_NAME } from "../../core/kms/default-key-policy.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

export function makeGetKeyPolicy(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"GetKeyPolicy"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:GetKeyPolicy", key });
    const name = input.PolicyName ?? DEFAULT_POLICY_NAME;
    if (name !== DEFAULT_POLICY_NAME) throw new ServiceError("NotFoundException", `No such policy exists: ${name}`);
    return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
  };
}
