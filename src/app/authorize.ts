import { ServiceError } from "../core/errors.js";
import type { KmsKey } from "../core/kms/kms-key.js";
import type { Caller } from "./context.js";

/**
 * The single policy gate. Until the policy engine lands, every caller is an account root and the
 * effective rule is the default key policy's: a key is usable by its own account only.
 */
export function authorizeKeyAction(caller: Caller, action: string, key: KmsKey): void {
  if (key.accountId === caller.accountId) return;
  throw new ServiceError(
    "AccessDeniedException",
    `User: ${caller.principalArn} is not authorized to perform: ${action} on resource: ${key.arn} because no resource-based policy allows the ${action} action`,
  );
}
