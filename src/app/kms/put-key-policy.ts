import { ServiceError } from "../../core/errors.js";
import { DEFAULT_POLICY_NAME } from "../../core/kms/default-key-policy.js";
import { replacePolicy } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";
import { requireLockoutSafe, validateKeyPolicy } from "./policy-document.js";

export function makePutKeyPolicy(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey" | "principals">): KmsHandler<"PutKeyPolicy"> {
  return async (input, ctx) => {
    const name = input.PolicyName ?? DEFAULT_POLICY_NAME;
    if (name !== DEFAULT_POLICY_NAME) throw new ServiceError("NotFoundException", `No such policy exists: ${name}`);
    const current = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:PutKeyPolicy", key: current });
    // Only after the caller is known to be allowed: the check says which principals exist.
    const pins = await validateKeyPolicy(deps, ctx, input.Policy);
    // The new policy replaces the old one whole, so checking it against the key as read now is
    // what it will be judged by after the write too.
    if (!input.BypassPolicyLockoutSafetyCheck) await requireLockoutSafe(deps, ctx, replacePolicy(current, input.Policy, pins));
    await changeKey(deps, ctx, "kms:PutKeyPolicy", input.KeyId, { allowAlias: false }, (key) => ({ key: replacePolicy(key, input.Policy, pins) }));
    return {};
  };
}
