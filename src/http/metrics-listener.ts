import type { IncomingMessage, ServerResponse } from "node:http";
import { sameToken } from "../core/crypto/kdf.js";
import type { Logger } from "../ports/logger.js";
import { closeServer, httpUrl, listen, makeHttpServer } from "./server.js";

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

/** The metrics port, listening. */
export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens for scrapes on their own address (the operator's --metrics-host and --metrics-port). */
export async function startMetricsServer(address: { readonly host: string; readonly port: number }, endpoint: MetricsEndpoint, logger: Logger): Promise<MetricsServer> {
  const server = makeHttpServer(makeMetricsListener(endpoint, logger));
  let port: number;
  try {
    port = await listen(server, address.host, address.port);
  } catch (error) {
    throw new Error(`cannot listen for metrics on ${address.host}:${address.port}: ${(error as Error).message}`);
  }
  return { url: `${httpUrl(address.host, port)}/metrics`, close: () => closeServer(server) };
}

/** STRONGBOX_METRICS_TOKEN: the bearer token scrapes must carry, if set. A short one is refused at start, not used. */
export function metricsTokenFrom(env: Readonly<Record<string, string | undefined>>): { token?: string } {
  const token = env.STRONGBOX_METRICS_TOKEN;
  if (token === undefined || token === "") return {};
  if (token.length < 16 || /\s/.test(token)) throw new Error("STRONGBOX_METRICS_TOKEN must be at least 16 characters, without spaces");
  return { token };
}
