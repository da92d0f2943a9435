import { ServiceError } from "../../core/errors.js";
import { scheduleDeletion } from "../../core/kms/key-state.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import { changeKey } from "./key-writer.js";

/** AWS's default waiting period when PendingWindowInDays is omitted. */
export const DEFAULT_PENDING_WINDOW_DAYS = 30;
/** The model allows 1-365; the service accepts a waiting period of 7 to 30 days. */
export const MIN_PENDING_WINDOW_DAYS = 7;
export const MAX_PENDING_WINDOW_DAYS = 30;

export function makeScheduleKeyDeletion(deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">): KmsHandler<"ScheduleKeyDeletion"> {
  return async (input, ctx) => {
    const days = input.PendingWindowInDays ?? DEFAULT_PENDING_WINDOW_DAYS;
    if (days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) {
      throw new ServiceError("ValidationException", `PendingWindowInDays should be between ${MIN_PENDING_WINDOW_DAYS} and ${MAX_PENDING_WINDOW_DAYS}, but it is ${days}`);
    }
    const key = await changeKey(deps, ctx, "kms:ScheduleKeyDeletion", input.KeyId, { allowAlias: false }, (k) => ({ key: scheduleDeletion(k, ctx.now, days) }));
    return { KeyId: key.arn, DeletionDate: key.deletionDate!, KeyState: key.state, PendingWindowInDays: days };
  };
}
