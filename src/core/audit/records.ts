import { canonicalEventJson } from "./canonical-json.js";
import { chainJson } from "./chain.js";
import type { AuditEvent } from "./event.js";

/** One record of the audit trail as stored: the chained event and the columns LookupEvents filters on. */
export interface AuditRecord {
  readonly seq: number;
  readonly eventId: string;
  readonly eventTime: Date;
  readonly eventName: string;
  readonly eventSource: string;
  /** The account whose trail this is (recipientAccountId). */
  readonly accountId: string;
  readonly username: string | undefined;
  readonly accessKeyId: string | undefined;
  readonly readOnly: boolean;
  /** The ARNs and names of the resources the event names. */
  readonly resourceNames: readonly string[];
  /** The canonical JSON of the event, exactly as hashed. */
  readonly event: string;
  readonly previousHash: string;
  readonly hash: string;
  /** The KMS keys a successful cryptographic operation used (GetKeyLastUsage reads them). */
  readonly keyUses?: readonly string[];
  /** The request the event records (GetKeyLastUsage reports it). */
  readonly requestId?: string;
}

/** Where a chain stands: its last record's sequence number and hash. */
export interface ChainTail {
  readonly seq: number;
  readonly hash: string;
}

/** LookupEvents' Username: the IAM user's name, the role session's name, or "root". */
function usernameOf(event: AuditEvent): string | undefined {
  const identity = event.userIdentity;
  if (identity.type === "Root") return "root";
  if (identity.type === "IAMUser") return identity.userName;
  if (identity.type === "AssumedRole") return identity.arn?.slice(identity.arn.lastIndexOf("/") + 1);
  return undefined;
}

/** The KMS operations GetKeyLastUsage tracks (AWS's KeyLastUsageTrackingOperation). */
const TRACKED_OPERATIONS = new Set([
  "Decapsulate", "Decrypt", "DeriveSharedSecret", "Encapsulate", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac", "ReEncrypt", "Sign", "Verify", "VerifyMac",
]);

/** The keys a successful tracked cryptographic operation used. */
function keyUsesOf(event: AuditEvent): string[] {
  if (event.eventSource !== "kms.amazonaws.com" || event.errorCode !== undefined || !TRACKED_OPERATIONS.has(event.eventName)) return [];
  return (event.resources ?? []).filter((r) => r.type === "AWS::KMS::Key").map((r) => r.ARN);
}

const NAMED_FIELDS = ["keyId", "aliasName", "userName", "roleName", "roleArn", "targetKeyId", "grantId"] as const;

/** LookupEvents' ResourceName: the resources' ARNs, and the names the request used. */
function resourceNamesOf(event: AuditEvent): string[] {
  const names = new Set<string>((event.resources ?? []).map((r) => r.ARN));
  for (const field of NAMED_FIELDS) {
    const value = event.requestParameters?.[field];
    if (typeof value === "string") names.add(value);
  }
  return [...names];
}

/**
 * Chains `events` after `tail` (or from the start) in order, with the columns each record is
 * looked up by. Pure: the store calls it inside the transaction that appends the records, with
 * the tail it read in that transaction, so every writer extends the one chain. `eventJson` must
 * give canonicalEventJson's text (a writer passes makeCanonicalJson's faster one).
 */
export function chainEvents(
  tail: ChainTail | undefined,
  events: readonly AuditEvent[],
  eventJson: (event: AuditEvent) => string = canonicalEventJson,
): AuditRecord[] {
  let previous = tail;
  return events.map((recorded) => {
    const { event, json } = boundedEvent(recorded, eventJson);
    const chained = chainJson(previous, json);
    previous = { seq: chained.seq, hash: chained.hash };
    return {
      seq: chained.seq,
      eventId: event.eventID,
      eventTime: new Date(event.eventTime),
      eventName: event.eventName,
      eventSource: event.eventSource,
      accountId: event.recipientAccountId,
      username: usernameOf(event),
      accessKeyId: event.userIdentity.accessKeyId,
      readOnly: event.readOnly,
      resourceNames: resourceNamesOf(event),
      event: chained.event,
      previousHash: chained.previousHash,
      hash: chained.hash,
      keyUses: keyUsesOf(event),
      requestId: event.requestID,
    };
  });
}

/** Larger events lose their request parameters (CloudTrail also drops oversized parameters). */
export const MAX_EVENT_CHARS = 16 * 1024;

/** The event as it is kept, with its canonical JSON: within MAX_EVENT_CHARS, or without its parameters. */
function boundedEvent(event: AuditEvent, eventJson: (event: AuditEvent) => string): { event: AuditEvent; json: string } {
  const json = eventJson(event);
  if (json.length <= MAX_EVENT_CHARS) return { event, json };
  const cut: AuditEvent = { ...event, requestParameters: { omitted: `larger than ${MAX_EVENT_CHARS} characters` }, responseElements: null };
  return { event: cut, json: eventJson(cut) };
}

/**
 * The last use of each key among `records` (the latest record wins): a batch of a thousand
 * Encrypts under one key is one GetKeyLastUsage update, not a thousand.
 */
export function lastUsesOf(records: readonly AuditRecord[]): Map<string, AuditRecord> {
  const uses = new Map<string, AuditRecord>();
  for (const record of records) for (const keyArn of record.keyUses ?? []) uses.set(keyArn, record);
  return uses;
}
