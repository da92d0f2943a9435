import { isServiceError } from "../core/errors.js";
import type { Logger } from "../ports/logger.js";
import { ClientClosedError } from "./body.js";

/**
 * What the log says about a failed request: faults with their detail (never sent to the client),
 * and access denials with who was refused what (ARNs and actions only, never request data), so an
 * operator can see refusals until the audit trail records every call. A client that went away
 * mid-request is not a fault.
 */
export function logFailure(logger: Logger, requestId: string, error: unknown): void {
  if (isServiceError(error)) {
    if (error.type === "AccessDeniedException") logger.info({ requestId, denied: error.message }, "access denied");
    return;
  }
  if (error instanceof ClientClosedError) {
    logger.debug({ requestId }, error.message);
    return;
  }
  const err = error instanceof Error ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { name: "NonError", message: String(error) };
  logger.error({ requestId, err }, "internal error");
}
