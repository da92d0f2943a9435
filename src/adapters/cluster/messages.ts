import type { InvalidationEvent } from "../../ports/invalidation.js";

/**
 * What the primary and its workers say to each other over the cluster IPC channel (JSON,
 * between processes of the same Strongbox; nothing secret is ever sent).
 */
export type ClusterMessage =
  /** Worker → primary: the worker serves requests on `url`. */
  | { readonly strongbox: "listening"; readonly url: string; readonly port: number }
  /** Worker → primary → every other worker. */
  | { readonly strongbox: "invalidate"; readonly event: InvalidationEvent }
  /** Primary → worker: close (drain, record, seal) and exit. */
  | { readonly strongbox: "stop" }
  /** Primary → worker: send your metrics (a scrape of the primary's metrics port). */
  | { readonly strongbox: "metrics?"; readonly id: number }
  /** Worker → primary: its metrics as prom-client's JSON (counts, labels without ids; nothing secret). */
  | { readonly strongbox: "metrics"; readonly id: number; readonly metrics: unknown[] };

/** Every kind of invalidation event, listed so that the compiler refuses a kind left out (it would not be relayed). */
const EVENT_KINDS: Readonly<Record<InvalidationEvent["kind"], true>> = {
  accessKey: true,
  key: true,
  inlinePolicies: true,
  grants: true,
  alias: true,
  secret: true,
  customKeyStore: true,
  all: true,
  seal: true,
  unseal: true,
};
const KINDS: ReadonlySet<string> = new Set(Object.keys(EVENT_KINDS));

/** The message, if `value` is one of ours (a worker's channel may carry other messages). */
export function asClusterMessage(value: unknown): ClusterMessage | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const message = value as { strongbox?: unknown; url?: unknown; port?: unknown; event?: unknown; id?: unknown; metrics?: unknown };
  if (message.strongbox === "stop") return { strongbox: "stop" };
  if (message.strongbox === "metrics?" && typeof message.id === "number") return { strongbox: "metrics?", id: message.id };
  if (message.strongbox === "metrics" && typeof message.id === "number" && Array.isArray(message.metrics)) return { strongbox: "metrics", id: message.id, metrics: message.metrics };
  if (message.strongbox === "listening" && typeof message.url === "string" && typeof message.port === "number") return { strongbox: "listening", url: message.url, port: message.port };
  if (message.strongbox === "invalidate" && message.event !== null && typeof message.event === "object" && KINDS.has(String((message.event as { kind?: unknown }).kind))) {
    return { strongbox: "invalidate", event: message.event as InvalidationEvent };
  }
  return undefined;
}

/** The environment a forked worker reads: which slot it fills, of how many. */
export const WORKER_SLOT_ENV = "STRONGBOX_WORKER_SLOT";
export const WORKER_COUNT_ENV = "STRONGBOX_WORKER_COUNT";
