import type { IncomingMessage, ServerResponse } from "node:http";
import { sameToken } from "../core/crypto/kdf.js";
import type { Logger } from "../ports/logger.js";

/** What the metrics port serves: one process's metrics, or (the cluster primary) every worker's summed. */
export interface MetricsEndpoint {
  readonly contentType: string;
  scrape(): Promise<string>;
  /** When set, a scrape must carry `Authorization: Bearer <token>` (STRONGBOX_METRICS_TOKEN). */
  readonly token?: string;
}

/**
 * The listener of the metrics port (never the AWS API port): `GET /metrics` and nothing else.
 * Plain text answers, no AWS error shapes: this port speaks to Prometheus, not to AWS clients.
 */
export function makeMetricsListener(endpoint: MetricsEndpoint, logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || req.method !== "GET") return answer(res, 404, "text/plain", "Not found: the metrics port serves GET /metrics only.\n");
    if (endpoint.token !== undefined && !authorized(req, endpoint.token)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="strongbox metrics"');
      return answer(res, 401, "text/plain", "Unauthorized: send Authorization: Bearer <STRONGBOX_METRICS_TOKEN>.\n");
    }
    endpoint.scrape().then(
      (text) => answer(res, 200, endpoint.contentType, text),
      (error: unknown) => {
        logger.error({ err: String(error) }, "collecting metrics failed");
        answer(res, 500, "text/plain", "The metrics could not be collected; the server log says why.\n");
      },
    );
  };
}

function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer ([^\s]+)\s*$/i.exec(header);
  // Compared as digests, in constant time (core/crypto/kdf.ts); a missing header compares too, so its answer takes as long.
  return sameToken(match?.[1] ?? "", token) && match !== null;
}

function answer(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(body);
}
