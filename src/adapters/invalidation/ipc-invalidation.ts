import type { Invalidation, InvalidationEvent, InvalidationListener } from "../../ports/invalidation.js";
import { asClusterMessage, type ClusterMessage } from "../cluster/messages.js";
import { LocalInvalidation } from "./local-invalidation.js";

/** The worker's end of the cluster IPC channel (`process` in a cluster worker). */
export interface IpcChannel {
  send(message: ClusterMessage): void;
  on(event: "message", listener: (message: unknown) => void): void;
  off(event: "message", listener: (message: unknown) => void): void;
}

/**
 * A cluster worker: an event is delivered here at once, and sent to the primary, which relays it
 * to every other worker (one IPC hop each way: well under a millisecond on an idle machine, a few
 * milliseconds under load). Events relayed from other workers are delivered here only.
 */
export class IpcInvalidation implements Invalidation {
  readonly #local: LocalInvalidation;
  readonly #onMessage = (value: unknown) => {
    const message = asClusterMessage(value);
    if (message?.strongbox === "invalidate") this.#local.deliver(message.event);
  };

  constructor(
    private readonly channel: IpcChannel,
    private readonly onError: (error: unknown, event: InvalidationEvent) => void = () => {},
  ) {
    this.#local = new LocalInvalidation(onError);
    channel.on("message", this.#onMessage);
  }

  publish(event: InvalidationEvent): void {
    this.#local.deliver(event);
    try {
      this.channel.send({ strongbox: "invalidate", event });
    } catch (error) {
      // The primary is gone (the worker is shutting down): nobody is left to tell.
      this.onError(error, event);
    }
  }

  subscribe(listener: InvalidationListener): () => void {
    return this.#local.subscribe(listener);
  }

  close(): void {
    this.channel.off("message", this.#onMessage);
  }
}

/** This process's channel to the cluster primary. A send after the primary is gone is dropped, not thrown. */
export function processChannel(proc: NodeJS.Process = process): IpcChannel {
  return {
    send(message) {
      if (proc.connected && proc.send !== undefined) proc.send(message, undefined, {}, () => {});
    },
    on: (event, listener) => void proc.on(event, listener),
    off: (event, listener) => void proc.off(event, listener),
  };
}
