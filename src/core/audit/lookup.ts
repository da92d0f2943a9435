/** CloudTrail's LookupEvents request, as the wire schema produces it and the use case reads it. */
export interface LookupEventsInput {
  readonly LookupAttributes?: readonly { readonly AttributeKey: string; readonly AttributeValue: string }[];
  readonly StartTime?: Date;
  readonly EndTime?: Date;
  readonly EventCategory?: string;
  readonly MaxResults?: number;
  readonly NextToken?: string;
}
