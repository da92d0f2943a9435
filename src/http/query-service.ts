import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { INTERNAL_ERROR_MESSAGE, ServiceError, isServiceError } from "../core/errors.js";
import { IamError } from "../app/iam/errors.js";
import type { IamActionName, IamInputs } from "../app/iam/model.js";
import type { IamOperations } from "../app/iam/operations.js";
import { SealedError } from "../app/seal/vault.js";
import type { StsActionName, StsInputs } from "../app/sts/model.js";
import type { StsOperations } from "../app/sts/operations.js";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { encodePolicyDocuments, iamSchemas } from "../protocol/iam/schemas.js";
import { toQueryError, type QueryErrorCode } from "../protocol/query/errors.js";
import { parseQueryRequest } from "../protocol/query/form.js";
import { queryErrorResponse, queryResponse } from "../protocol/query/xml.js";
import { parseSignedRequest, type HttpRequestParts } from "../protocol/sigv4/signed-request.js";
import { stsSchemas } from "../protocol/sts/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { Authenticate } from "./authenticate.js";
import { readBody } from "./body.js";
import type { RequestContext } from "../app/context.js";
import { auditCall, type AuditTapDeps, type CallInProgress } from "./audit-tap.js";
import { logFailure } from "./log-outcome.js";
import { requestContext } from "./request-context.js";
import { disposeSecrets } from "./dispose-output.js";
import type { StorageSpace } from "../ports/storage-space.js";
import type { Throttle } from "./throttle.js";
import { outOfSpaceAnswer, refuseChangeWhenShortOfSpace, SHORT_OF_SPACE_MESSAGE } from "./storage-guard.js";
import type { RequestMetrics } from "./metrics.js";

/** One operation of a Query service, bound from its wire schema and its use case. */
export interface QueryOperation {
  readonly name: string;
  /** The IAM action, e.g. iam:CreateUser. */
  readonly action: string;
  readonly readOnly: boolean;
  invoke(members: Record<string, unknown>, ctx: RequestContext): Promise<object>;
}

/** An AWS Query service (IAM, STS): how requests reach it and what it can do. */
export interface QueryService {
  /** The SigV4 service name in the credential scope, which also picks the service. */
  readonly signingName: "iam" | "sts";
  /** The API version every request must name (Version=...). */
  readonly version: string;
  /** The XML namespace of its answers. */
  readonly namespace: string;
  /** The code this service answers unexpected faults with. */
  readonly internalErrorCode: QueryErrorCode;
  readonly operations: ReadonlyMap<string, QueryOperation>;
}

// The compiler checks here that every wire schema produces exactly what its use case takes.
const iamWire: { readonly [K in IamActionName]: z.ZodType<IamInputs[K], unknown> } = iamSchemas;
const stsWire: { readonly [K in StsActionName]: z.ZodType<StsInputs[K], unknown> } = stsSchemas;

export function iamQueryService(operations: IamOperations): QueryService {
  const bind = <K extends IamActionName>(name: K): QueryOperation => {
    const { action, readOnly, handler } = operations[name];
    // IAM answers policy documents URL-encoded.
    return { name, action, readOnly, invoke: async (members, ctx) => encodePolicyDocuments(await handler(parseInput(iamWire[name], members), ctx)) };
  };
  return {
    signingName: "iam",
    version: "2010-05-08",
    namespace: "https://iam.amazonaws.com/doc/2010-05-08/",
    internalErrorCode: "ServiceFailure",
    operations: new Map((Object.keys(operations) as IamActionName[]).map((name) => [name, bind(name)])),
  };
}

export function stsQueryService(operations: StsOperations): QueryService {
  const bind = <K extends StsActionName>(name: K): QueryOperation => {
    const { action, readOnly, handler } = operations[name];
    return { name, action, readOnly, invoke: async (members, ctx) => handler(parseInput(stsWire[name], members), ctx) };
  };
  return {
    signingName: "sts",
    version: "2011-06-15",
    namespace: "https://sts.amazonaws.com/doc/2011-06-15/",
    internalErrorCode: "InternalFailure",
    operations: new Map((Object.keys(operations) as StsActionName[]).map((name) => [name, bind(name)])),
  };
}

export interface QueryHttpDeps extends AuditTapDeps {
  readonly queryServices: readonly QueryService[];
  readonly authenticate: Authenticate;
  readonly isSealed: () => boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly partition: string;
  readonly region: string;
  readonly maxBodyBytes: number;
  readonly storage?: StorageSpace;
  readonly throttle?: Throttle;
  readonly metrics?: RequestMetrics;
}

/**
 * A Query request (`POST /` form-encoded, or `GET /?Action=...`): the service is the one the
 * signature is scoped to (else the one whose API version the request names), then SigV4, then
 * the operation. Every answer is XML, errors included.
 */
export async function handleQueryRequest(
  deps: QueryHttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  target: { rawPath: string; rawQuery: string },
  started: bigint = process.hrtime.bigint(),
): Promise<void> {
  let service = deps.queryServices[0]!;
  let body: Buffer = Buffer.alloc(0);
  let call: CallInProgress | undefined;
  let recorded = false;
  let outcome = "ok";
  try {
    body = await readBody(req, deps.maxBodyBytes);
    const parts: HttpRequestParts = { method: req.method ?? "GET", rawPath: target.rawPath, rawQuery: target.rawQuery, headers: req.headersDistinct, body };
    service = pickService(deps.queryServices, parts);
    call = { service: service.signingName };
    if (deps.isSealed()) throw new SealedError();
    call.caller = await deps.authenticate(parts, service.signingName);
    const request = parseQueryRequest(target.rawQuery, body);
    if (request.action === undefined) throw new ServiceError("UnknownOperationException", "Could not find operation: the request names no Action.");
    const operation = service.operations.get(request.action);
    call.operation = operation !== undefined ? request.action : "Unknown";
    call.input = request.members;
    if (operation === undefined || request.version !== service.version) {
      throw new ServiceError("UnknownOperationException", `Could not find operation ${request.action.slice(0, 128)} for version ${(request.version ?? "NO_VERSION_SPECIFIED").slice(0, 32)}`);
    }
    call.readOnly = operation.readOnly;
    deps.throttle?.(call.caller.accountId, service.signingName, request.action);
    refuseChangeWhenShortOfSpace(deps.storage, operation.readOnly, "KMSInternalException");
    const ctx = requestContext(deps, req, requestId, call.caller);
    call.output = await operation.invoke(request.members, ctx);
    // Durable in the trail before the caller hears the answer.
    recorded = true;
    await auditCall(deps, req, requestId, target.rawQuery, call);
    sendXml(res, 200, queryResponse(operation.name, service.namespace, call.output as object, requestId));
  } catch (error) {
    // A call whose record could not be written is answered as a fault, never with its outcome.
    let answer = outOfSpaceAnswer(deps.storage, error, "KMSInternalException");
    if (call !== undefined && !recorded && !(error instanceof SealedError) && !res.headersSent) {
      answer = await auditCall(deps, req, requestId, target.rawQuery, call, answer).then(
        () => answer,
        (auditError: unknown) => outOfSpaceAnswer(deps.storage, auditError, "KMSInternalException"),
      );
    }
    outcome = answerQueryError(deps.logger, res, requestId, answer, service);
  } finally {
    body.fill(0);
    disposeSecrets(call?.output);
    deps.metrics?.request(service.signingName, call?.operation ?? "Unknown", outcome, started);
  }
}

function pickService(services: readonly QueryService[], parts: HttpRequestParts): QueryService {
  let scoped: string | undefined;
  try {
    scoped = parseSignedRequest(parts).credential.service;
  } catch {
    // Unsigned or malformed: authentication reports it, in the words of the service picked below.
  }
  const byScope = services.find((s) => s.signingName === scoped);
  if (byScope !== undefined) return byScope;
  const version = new URLSearchParams(parts.body.toString("utf8")).get("Version") ?? new URLSearchParams(parts.rawQuery).get("Version");
  return services.find((s) => s.version === version) ?? services[0]!;
}

/** Answers with the Query error, and returns its code (the outcome the metrics count). */
function answerQueryError(logger: Logger, res: ServerResponse, requestId: string, error: unknown, service: QueryService): string {
  // A full disk is the one server fault whose words the caller hears (http/storage-guard.ts).
  const shortOfSpace = isServiceError(error) && error.message === SHORT_OF_SPACE_MESSAGE;
  const internal = { code: service.internalErrorCode, message: shortOfSpace ? SHORT_OF_SPACE_MESSAGE : `${INTERNAL_ERROR_MESSAGE} (request id ${requestId})` };
  // Never the fault's detail on the wire; the log names it with the request id, without request data.
  logFailure(logger, requestId, error);
  const answer = isServiceError(error) ? toQueryError(error, error instanceof IamError ? error.code : undefined, internal) : toQueryError(new ServiceError("KMSInternalException", ""), undefined, internal);
  if (res.headersSent) {
    res.destroy();
    return answer.code;
  }
  sendXml(res, answer.status, queryErrorResponse(service.namespace, answer, requestId));
  return answer.code;
}

function sendXml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
