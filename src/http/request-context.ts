import type { IncomingMessage } from "node:http";
import type { Caller, RequestContext } from "../app/context.js";
import type { Clock } from "../ports/clock.js";

/** The use cases' view of an authenticated request, whatever protocol carried it. */
export function requestContext(
  deps: { readonly partition: string; readonly region: string; readonly clock: Clock },
  req: IncomingMessage,
  requestId: string,
  caller: Caller,
): RequestContext {
  return {
    requestId,
    caller,
    partition: deps.partition,
    region: caller.signingRegion ?? deps.region,
    now: deps.clock.now(),
    sourceIp: req.socket.remoteAddress ?? "",
    // Strongbox serves plain HTTP; a TLS proxy in front is invisible to it (see docs/access-control.md).
    secureTransport: false,
  };
}
