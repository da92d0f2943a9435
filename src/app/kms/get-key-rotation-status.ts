import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

export function makeGetKeyRotationStatus(deps: Pick<KmsDeps, "resolveKey" | "authorizeKey">): KmsHandler<"GetKeyRotationStatus"> {
  return async (input, ctx) => {
    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: true });
    await deps.authorizeKey(ctx, { action: "kms:GetKeyRotationStatus", key });
    const { rotation } = key;
    // A key pending deletion reports rotation off; cancelling the deletion brings the old value back.
    const enabled = rotation.enabled && key.state !== "PendingDeletion";
    return {
      KeyRotationEnabled: enabled,
      KeyId: key.arn,
      ...(enabled && rotation.periodInDays !== undefined ? { RotationPeriodInDays: rotation.periodInDays } : {}),
      ...(enabled && rotation.nextRotationDate !== undefined ? { NextRotationDate: rotation.nextRotationDate } : {}),
      ...(key.onDemandRotationStartDate !== undefined ? { OnDemandRotationStartDate: key.onDemandRotationStartDate } : {}),
    };
  };
}
