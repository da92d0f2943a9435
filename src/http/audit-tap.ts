import type { IncomingMessage } from "node:http";
import { apiCallEvent, type ApiCallFacts, type AuditEvent } from "../core/audit/index.js";
import { isServiceError } from "../core/errors.js";
import type { Caller } from "../core/identity/caller.js";
import type { Clock } from "../ports/clock.js";

/** Where the listener sends the record of each call; resolves once it is durable. */
export type RecordAuditEvent = (event: AuditEvent) => Promise<void>;

export interface AuditTapDeps {
  readonly recordAudit: RecordAuditEvent;
  readonly clock: Clock;
  readonly region: string;
  readonly partition: string;
  /** The account a call is recorded under when its caller is unknown (authentication failed). */
  readonly defaultAccountId: string;
  readonly newRequestId: () => string;
}

/** What the listener learned about one call, as it went. */
export interface CallInProgress {
  readonly service: ApiCallFacts["service"];
  operation?: string;
  caller?: Caller;
  input?: unknown;
  output?: unknown;
  readOnly?: boolean;
}

const CREDENTIAL = /Credential=([A-Za-z0-9_]{1,128})\//;
/** Error types whose messages may repeat request input (values, headers, targets): the trail keeps their type only. */
const ECHOING_ERRORS = new Set([
  "ValidationException", "SerializationException", "IncompleteSignatureException", "UnknownOperationException", "ValidationError", "InvalidParameterValue",
  "MalformedQueryString", "InvalidAction", "MissingParameter",
]);

function recordedError(error: unknown): { code: string; message: string } {
  if (!isServiceError(error)) return { code: "InternalFailure", message: "An internal error occurred." };
  const message = ECHOING_ERRORS.has(error.type) ? "The message is not recorded: it may repeat request input." : error.message.slice(0, 1024);
  return { code: error.type, message };
}

/** The access key a request names, from its Authorization header or presigned query, even if it did not authenticate. */
function namedAccessKey(req: IncomingMessage, rawQuery: string): string | undefined {
  const header = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
  const query = new URLSearchParams(rawQuery).get("X-Amz-Credential") ?? "";
  return CREDENTIAL.exec(header)?.[1] ?? /^([A-Za-z0-9_]{1,128})\//.exec(query)?.[1];
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The KMS keys a call was about: the key ARNs its answer names (requests may name aliases), or,
 * for a call that failed, the key id or ARN it named (so a refused use still names its key).
 */
function resourcesOf(deps: AuditTapDeps, call: CallInProgress): ApiCallFacts["resources"] {
  const output = call.output as { KeyId?: unknown; SourceKeyId?: unknown; KeyMetadata?: { Arn?: unknown } } | undefined;
  const named = (call.input as { KeyId?: unknown } | undefined)?.KeyId;
  const fromInput =
    typeof named !== "string" ? undefined : named.startsWith("arn:") ? named : KEY_ID.test(named) ? `arn:${deps.partition}:kms:${call.caller?.signingRegion ?? deps.region}:${call.caller?.accountId ?? deps.defaultAccountId}:key/${named}` : undefined;
  const answered = [output?.KeyMetadata?.Arn, output?.KeyId, output?.SourceKeyId];
  const arns = (output !== undefined ? answered : [fromInput]).filter((v): v is string => typeof v === "string" && v.startsWith("arn:"));
  if (arns.length === 0) return undefined;
  return [...new Set(arns)].map((arn) => ({ accountId: arn.split(":")[4] ?? "", type: "AWS::KMS::Key", ARN: arn }));
}

/**
 * Records one call in the audit trail, allowed, denied or failed. The event carries only what
 * the audit core lets through (no plaintext, ciphertext, key material or secret); a fault is
 * recorded by type only.
 */
export function auditCall(deps: AuditTapDeps, req: IncomingMessage, requestId: string, rawQuery: string, call: CallInProgress, error?: unknown): Promise<void> {
  const userAgent = typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"].slice(0, 512) : "";
  const facts: ApiCallFacts = {
    service: call.service,
    operation: call.operation ?? "Unknown",
    ...(call.caller !== undefined ? { caller: call.caller } : {}),
    ...(call.caller === undefined ? optional("accessKeyId", namedAccessKey(req, rawQuery)) : {}),
    accountId: call.caller?.accountId ?? deps.defaultAccountId,
    region: call.caller?.signingRegion ?? deps.region,
    sourceIp: req.socket.remoteAddress ?? "",
    userAgent,
    requestId,
    eventId: deps.newRequestId(),
    time: deps.clock.now(),
    input: call.input,
    output: error === undefined ? call.output : undefined,
    ...(error !== undefined ? { error: recordedError(error) } : {}),
    readOnly: call.readOnly ?? false,
    ...optional("resources", resourcesOf(deps, call)),
  };
  // An oversized event loses its parameters where it is chained (core/audit/records.ts), off the event loop.
  const event = apiCallEvent(facts);
  // A call on another account's key is filed in that account's trail too, as CloudTrail delivers it to both;
  // only calls that succeeded, so that a stranger cannot write into an account's trail by naming its keys.
  const owners = new Set(
    error === undefined ? (event.resources ?? []).map((r) => r.accountId).filter((account) => account !== "" && account !== event.recipientAccountId) : [],
  );
  if (owners.size === 0) return deps.recordAudit(event);
  return Promise.all([event, ...[...owners].map((owner) => ({ ...event, recipientAccountId: owner }))].map((copy) => deps.recordAudit(copy))).then(() => undefined);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
