import type { IpcChannel } from "../invalidation/ipc-invalidation.js";
import { asClusterMessage } from "./messages.js";

/**
 * A worker's side of a metrics scrape: the primary asks over the cluster channel, the worker
 * answers with its own metrics, and the primary sums them (docs/metrics.md). Returns the unsubscribe.
 */
export function answerMetricsRequests(channel: IpcChannel, snapshot: () => Promise<unknown[]>, onError: (error: unknown) => void): () => void {
  const onMessage = (value: unknown) => {
    const message = asClusterMessage(value);
    if (message?.strongbox !== "metrics?") return;
    snapshot().then((metrics) => channel.send({ strongbox: "metrics", id: message.id, metrics }), onError);
  };
  channel.on("message", onMessage);
  return () => channel.off("message", onMessage);
}
