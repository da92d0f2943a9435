import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

/**
 * The key's last successful cryptographic operation, from the audit trail (which records each one
 * before the caller hears the answer). TrackingStartDate is when the trail began: a key created
 * before it may have been used earlier.
 */
export function makeGetKeyLastUsage(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey" | "usageHistory" | "clock">): KmsHandler<"GetKeyLastUsage"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: true, crossAccount: false });
    await deps.authorizeKey(ctx, { action: "kms:GetKeyLastUsage", key });
    const last = await deps.usageHistory.lastUse(key.arn);
    const trackingStart = (await deps.usageHistory.trackingStart()) ?? deps.clock.now();
    return {
      KeyId: key.arn,
      ...(last !== undefined ? { KeyLastUsage: { Operation: last.operation, Timestamp: last.time, CloudTrailEventId: last.eventId, KmsRequestId: last.requestId } } : {}),
      TrackingStartDate: trackingStart,
      KeyCreationDate: key.createdAt,
    };
  };
}
