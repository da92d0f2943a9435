import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { INTERNAL_ERROR_MESSAGE, ServiceError, isServiceError } from "../core/errors.js";
import { SealedError } from "../app/seal/vault.js";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { AWS_JSON_1_1, parseJsonBody, serializeError, serializeJson } from "../protocol/json/codec.js";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "./limits.js";
import type { Throttle } from "./throttle.js";
import type { StorageSpace } from "../ports/storage-space.js";
import { outOfSpaceAnswer, refuseChangeWhenShortOfSpace } from "./storage-guard.js";
import type { RequestMetrics } from "./metrics.js";
import { hasQueryAction, isFormUrlEncoded } from "../protocol/query/form.js";
import type { HttpRequestParts } from "../protocol/sigv4/signed-request.js";
import type { Authenticate } from "./authenticate.js";
import { readBody } from "./body.js";
import { auditCall, type AuditTapDeps, type CallInProgress } from "./audit-tap.js";
import { logFailure } from "./log-outcome.js";
import { requestContext } from "./request-context.js";
import { disposeSecrets } from "./dispose-output.js";
import { handleQueryRequest, type QueryService } from "./query-service.js";
import type { JsonService } from "./service.js";
import type { SystemRoutes } from "./system-routes.js";

export interface HttpDeps extends AuditTapDeps {
  readonly services: readonly JsonService[];
  /** The AWS Query services (IAM, STS), reached by form-encoded requests without X-Amz-Target. */
  readonly queryServices: readonly QueryService[];
  readonly authenticate: Authenticate;
  readonly system: SystemRoutes;
  readonly isSealed: () => boolean;
  /** `"POST /sys/seal"` → the X-Amz-Target it stands for; the request is signed and audited like any other. */
  readonly signedPaths?: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newRequestId: () => string;
  readonly partition: string;
  readonly region: string;
  /** Largest request body accepted; AWS JSON requests are small. */
  readonly maxBodyBytes: number;
  /** Deepest nesting of a JSON body (http/limits.ts). */
  readonly maxJsonDepth?: number;
  /** Refuses a call over its account's rate (http/throttle.ts). */
  readonly throttle?: Throttle;
  /** Whether the store has room: while it has not, changes are refused (http/storage-guard.ts). */
  readonly storage?: StorageSpace;
  /** Counts and times every AWS call (http/metrics.ts); absent when the metrics port is off. */
  readonly metrics?: RequestMetrics;
}

/** The service and operation labels of a request that named no service Strongbox serves. */
const UNROUTED = "unknown";
const UNKNOWN_OPERATION = "Unknown";


/**
 * The listener: one route for the AWS JSON services (`POST /`, dispatched on X-Amz-Target) and
 * a few system routes. Every answer carries x-amzn-RequestId; every failure is an AWS error body.
 */
export function makeRequestListener(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const dateHeader = httpDateOf(deps.clock);
  return (req, res) => {
    const requestId = deps.newRequestId();
    const started = process.hrtime.bigint();
    res.setHeader("x-amzn-RequestId", requestId);
    // The Date header tells clients our time; the AWS SDKs correct their clock skew from it.
    res.sendDate = false;
    res.setHeader("Date", dateHeader());
    handle(deps, req, res, requestId, started)
      .catch((error: unknown) => {
        const outcome = answerError(deps, res, requestId, error, undefined);
        deps.metrics?.request(UNROUTED, UNKNOWN_OPERATION, outcome, started);
      })
      .finally(() => {
        deps.logger.debug({ requestId, method: req.method, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, "request");
      });
  };
}

/** The clock's time as an HTTP date, formatted once per second. */
function httpDateOf(clock: Clock): () => string {
  let second = Number.NaN;
  let text = "";
  return () => {
    const now = clock.now().getTime();
    const thisSecond = Math.floor(now / 1000);
    if (thisSecond !== second) {
      second = thisSecond;
      text = new Date(now).toUTCString();
    }
    return text;
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, requestId: string, started: bigint): Promise<void> {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? "" : url.slice(queryAt + 1);
  const system = deps.system.match(req.method ?? "GET", rawPath);
  if (system !== undefined) {
    const body = req.method === "POST" ? await readBody(req, 64 * 1024) : Buffer.alloc(0);
    try {
      const answer = await system(body, { sourceIp: req.socket.remoteAddress ?? "" });
      send(res, answer.status, "application/json", JSON.stringify(answer.body));
    } finally {
      body.fill(0);
    }
    return;
  }
  // A few signed operations are also served at a path of their own (POST /sys/seal), like Vault's.
  const pathTarget = deps.signedPaths?.[`${req.method ?? "GET"} ${rawPath}`];
  const target = pathTarget ?? (typeof req.headers["x-amz-target"] === "string" ? req.headers["x-amz-target"] : "");
  // The Query services (IAM, STS): form-encoded POST, or GET / with the Action in the query string.
  const isQuery = target === "" && rawPath === "/" && (req.method === "POST" ? isFormUrlEncoded(req.headers["content-type"]) || hasQueryAction(rawQuery) : req.method === "GET" && hasQueryAction(rawQuery));
  if (isQuery && deps.queryServices.length > 0) {
    await handleQueryRequest(deps, req, res, requestId, { rawPath, rawQuery }, started);
    return;
  }
  if (pathTarget === undefined && (rawPath !== "/" || req.method !== "POST")) {
    throw new ServiceError("UnknownOperationException", `No operation is served at ${req.method} ${rawPath.slice(0, 128)}.`);
  }
  const service = deps.services.find((s) => s.targetPrefixes.some((prefix) => target.startsWith(prefix)));
  const prefix = service?.targetPrefixes.find((p) => target.startsWith(p)) ?? "";
  const body = await readBody(req, deps.maxBodyBytes);
  if (service === undefined) {
    body.fill(0);
    throw new ServiceError("UnknownOperationException", "The X-Amz-Target header does not name an operation of a service Strongbox serves.");
  }
  const operationName = target.slice(prefix.length);
  // Only operations Strongbox serves are named in the trail: a made-up target is recorded as Unknown.
  const call: CallInProgress = { service: service.auditSource, operation: service.operations.has(operationName) ? operationName : UNKNOWN_OPERATION };
  let recorded = false;
  let outcome = "ok";
  try {
    if (deps.isSealed()) throw new SealedError();
    const parts: HttpRequestParts = { method: req.method ?? "POST", rawPath, rawQuery, headers: req.headersDistinct, body };
    call.caller = await deps.authenticate(parts, service.signingName);
    const operation = service.operations.get(operationName);
    if (operation === undefined) throw new ServiceError("UnknownOperationException", `Unknown operation ${target.slice(0, 128)}`);
    call.readOnly = operation.readOnly;
    deps.throttle?.(call.caller.accountId, service.auditSource, operationName);
    refuseChangeWhenShortOfSpace(deps.storage, operation.readOnly, service.internalErrorType);
    const ctx = requestContext(deps, req, requestId, call.caller);
    call.input = parseJsonBody(body, deps.maxJsonDepth);
    call.output = await operation.invoke(call.input as Record<string, unknown>, ctx);
    // Durable in the trail before the caller hears the answer.
    recorded = true;
    await auditCall(deps, req, requestId, rawQuery, call);
    send(res, 200, AWS_JSON_1_1, serializeJson(call.output));
  } catch (error) {
    // A call whose record could not be written is answered as a fault, never with its outcome.
    // Calls while sealed are not recorded (nothing is done, and the caller is told so).
    // A write that failed for want of space frees the reserve first, so that its record fits.
    let answer = outOfSpaceAnswer(deps.storage, error, service.internalErrorType);
    if (!recorded && !(error instanceof SealedError) && !res.headersSent) {
      answer = await auditCall(deps, req, requestId, rawQuery, call, answer).then(
        () => answer,
        (auditError: unknown) => outOfSpaceAnswer(deps.storage, auditError, service.internalErrorType),
      );
    }
    outcome = answerError(deps, res, requestId, answer, service);
  } finally {
    body.fill(0);
    disposeSecrets(call.output);
    deps.metrics?.request(service.auditSource, call.operation!, outcome, started);
  }
}

/** Answers with the AWS error, and returns its type (the outcome the metrics count). */
function answerError(deps: HttpDeps, res: ServerResponse, requestId: string, error: unknown, service: JsonService | undefined): string {
  // Never the fault's detail on the wire; the log names it with the request id, without request data.
  logFailure(deps.logger, requestId, error);
  const answer = isServiceError(error)
    ? error
    : new ServiceError(service?.internalErrorType ?? "KMSInternalException", `${INTERNAL_ERROR_MESSAGE} (request id ${requestId})`);
  if (res.headersSent) {
    res.destroy();
    return answer.type;
  }
  send(res, answer.status, AWS_JSON_1_1, serializeError(answer, service?.errorMessageMember));
  return answer.type;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

/** The URL of a listener on `host` (an IPv6 address in brackets). */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/** Stops listening and drops every open connection (keep-alive ones too). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function makeHttpServer(listener: (req: IncomingMessage, res: ServerResponse) => void, limits: HttpLimits = DEFAULT_HTTP_LIMITS): Server {
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // Node checks the two timeouts on this period (30 s by default): often enough to keep them.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    listener,
  );
  server.maxHeadersCount = 100;
  server.maxConnections = limits.maxConnections;
  return server;
}
