import { apiCallEvent, type AuditEvent, type AuditResource } from "../../core/audit/index.js";
import type { AuditedService } from "../../core/audit/allow-lists.js";
import { isServiceError } from "../../core/errors.js";
import type { RequestContext } from "../context.js";

/** A call one of Strongbox's services made for a caller (Secrets Manager calling KMS, a built-in rotator calling Secrets Manager). */
export interface ServiceCall {
  readonly service: AuditedService;
  readonly operation: string;
  /** The caller's context, as the call was made in. */
  readonly ctx: RequestContext;
  /** The request as its wire members would name it: the allow-lists pick what is recorded. */
  readonly input: Record<string, unknown>;
  readonly output?: unknown;
  readonly error?: unknown;
  /** The service that made the call, e.g. "secretsmanager.amazonaws.com": userIdentity.invokedBy, sourceIPAddress and userAgent. */
  readonly invokedBy: string;
  readonly eventId: string;
  readonly readOnly: boolean;
  readonly resources?: readonly AuditResource[];
}

/**
 * The trail's record of such a call, as CloudTrail writes calls AWS services make with a
 * caller's forward access session: the caller's identity, invokedBy the service, and the service
 * as source address and user agent. A failure is recorded by type, its message cut to 1 KB.
 */
export function serviceCallEvent(call: ServiceCall): AuditEvent {
  const error = call.error === undefined ? undefined : isServiceError(call.error) ? { code: call.error.type, message: call.error.message.slice(0, 1024) } : { code: "InternalFailure", message: "An internal error occurred." };
  return apiCallEvent({
    service: call.service,
    operation: call.operation,
    caller: call.ctx.caller,
    accountId: call.ctx.caller.accountId,
    region: call.ctx.region,
    sourceIp: call.invokedBy,
    userAgent: call.invokedBy,
    requestId: call.ctx.requestId,
    eventId: call.eventId,
    time: call.ctx.now,
    input: call.input,
    output: error === undefined ? call.output : undefined,
    ...(error !== undefined ? { error } : {}),
    readOnly: call.readOnly,
    invokedBy: call.invokedBy,
    ...(call.resources !== undefined ? { resources: call.resources } : {}),
  });
}
