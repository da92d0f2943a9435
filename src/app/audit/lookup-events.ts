import type { LookupEventsInput } from "../../core/audit/index.js";
import { ServiceError } from "../../core/errors.js";
import type { AuditRepository, LookupAttribute, StoredAuditRecord } from "../../ports/audit-repository.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { encodeMarker, markerPosition } from "../kms/pagination.js";

const ATTRIBUTES: readonly LookupAttribute[] = ["EventName", "Username", "ResourceName", "EventSource", "AccessKeyId", "ReadOnly", "EventId"];
const DEFAULT_RESULTS = 50;

export type LookupEventsRequest = LookupEventsInput;

export interface EventView {
  readonly EventId: string;
  readonly EventName: string;
  readonly ReadOnly: string;
  readonly AccessKeyId?: string;
  readonly EventTime: Date;
  readonly EventSource: string;
  readonly Username?: string;
  readonly Resources: readonly { readonly ResourceType: string; readonly ResourceName: string }[];
  readonly CloudTrailEvent: string;
}

function eventView(record: StoredAuditRecord): EventView {
  const event = JSON.parse(record.event) as { resources?: { type: string; ARN: string }[] };
  return {
    EventId: record.eventId,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly),
    ...(record.accessKeyId !== undefined ? { AccessKeyId: record.accessKeyId } : {}),
    EventTime: record.eventTime,
    EventSource: record.eventSource,
    ...(record.username !== undefined ? { Username: record.username } : {}),
    Resources: (event.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: record.event,
  };
}

/**
 * CloudTrail's LookupEvents over Strongbox's trail: the caller's own account's events, newest
 * first, filtered by one attribute and a time range, paged by an opaque token. Needs
 * cloudtrail:LookupEvents from an identity policy (the account root has it).
 */
export function makeLookupEvents(deps: { audit: Pick<AuditRepository, "lookup">; authorize: AuthorizeAccess }) {
  return async (input: LookupEventsRequest, ctx: RequestContext): Promise<{ Events: EventView[]; NextToken?: string }> => {
    await deps.authorize(ctx, { action: "cloudtrail:LookupEvents", resource: "*", resourceAccountId: ctx.caller.accountId });
    const attributes = input.LookupAttributes ?? [];
    if (attributes.length > 1) throw new ServiceError("InvalidLookupAttributesException", "You can specify only one lookup attribute.");
    const attribute = attributes[0];
    if (attribute !== undefined && (!ATTRIBUTES.includes(attribute.AttributeKey as LookupAttribute) || attribute.AttributeValue === "")) {
      throw new ServiceError("InvalidLookupAttributesException", `Lookup attribute ${attribute.AttributeKey} is not supported or has an empty value.`);
    }
    if (input.EventCategory !== undefined) {
      throw new ServiceError("InvalidEventCategoryException", "Strongbox records no Insights events: EventCategory insight is not supported.");
    }
    if (input.StartTime !== undefined && input.EndTime !== undefined && input.StartTime > input.EndTime) {
      throw new ServiceError("InvalidTimeRangeException", "StartTime must be before EndTime.");
    }
    const limit = input.MaxResults ?? DEFAULT_RESULTS;
    if (limit < 1 || limit > 50) throw new ServiceError("InvalidMaxResultsException", "MaxResults must be from 1 to 50.");
    let beforeSeq: number | undefined;
    if (input.NextToken !== undefined) {
      const position = markerPosition(input.NextToken);
      if (position === undefined || !/^[1-9]\d{0,15}$/.test(position)) throw new ServiceError("InvalidNextTokenException", "The NextToken is not valid.");
      beforeSeq = Number(position);
    }
    const records = await deps.audit.lookup({
      accountId: ctx.caller.accountId,
      ...(attribute !== undefined ? { attribute: { key: attribute.AttributeKey as LookupAttribute, value: attribute.AttributeValue } } : {}),
      ...(input.StartTime !== undefined ? { start: input.StartTime } : {}),
      ...(input.EndTime !== undefined ? { end: input.EndTime } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      limit: limit + 1,
    });
    const page = records.slice(0, limit);
    const last = page[page.length - 1];
    return { Events: page.map(eventView), ...(records.length > limit && last ? { NextToken: encodeMarker(String(last.seq)) } : {}) };
  };
}
