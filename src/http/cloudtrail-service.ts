import type { RequestContext } from "../app/context.js";
import type { LookupEventsRequest } from "../app/audit/lookup-events.js";
import { CLOUDTRAIL_TARGET_PREFIXES, lookupEventsSchema } from "../protocol/cloudtrail/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { BoundOperation, JsonService } from "./service.js";

/** CloudTrail's LookupEvents (AWS JSON 1.1, SigV4 for service "cloudtrail"), over Strongbox's trail. */
export function cloudTrailService(lookupEvents: (input: LookupEventsRequest, ctx: RequestContext) => Promise<unknown>): JsonService {
  const operation: BoundOperation = {
    name: "LookupEvents",
    action: "cloudtrail:LookupEvents",
    readOnly: true,
    invoke: (raw, ctx) => lookupEvents(parseInput(lookupEventsSchema, raw), ctx),
  };
  return {
    targetPrefixes: CLOUDTRAIL_TARGET_PREFIXES,
    signingName: "cloudtrail",
    auditSource: "cloudtrail",
    operations: new Map([["LookupEvents", operation]]),
    internalErrorType: "KMSInternalException",
  };
}
