import { z } from "zod";
import type { LookupEventsInput } from "../../core/audit/index.js";

/**
 * CloudTrail's JSON 1.1 target prefixes (LookupEvents is the one operation Strongbox serves): the
 * long form the service model names and botocore sends, and the short one the v3 JS SDK sends.
 */
export const CLOUDTRAIL_TARGET_PREFIXES: readonly string[] = ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."];


/** Timestamps arrive as epoch seconds (the SDKs' JSON 1.1 form). */
const timestamp = z.number().finite().transform((seconds) => new Date(seconds * 1000));

export const lookupEventsSchema: z.ZodType<LookupEventsInput, unknown> = z.object({
  LookupAttributes: z.array(z.object({ AttributeKey: z.string(), AttributeValue: z.string().max(2000) })).optional(),
  StartTime: timestamp.optional(),
  EndTime: timestamp.optional(),
  EventCategory: z.string().optional(),
  MaxResults: z.number().int().optional(),
  NextToken: z.string().max(1024).optional(),
});
