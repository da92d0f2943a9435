import type { Invalidation, InvalidationEvent, InvalidationListener } from "../../ports/invalidation.js";

/**
 * One process: every event reaches this process's subscribers, synchronously. A listener that
 * throws does not stop the others (a cache that failed to forget must not keep a seal from sealing).
 */
export class LocalInvalidation implements Invalidation {
  readonly #listeners = new Set<InvalidationListener>();

  constructor(private readonly onListenerError: (error: unknown, event: InvalidationEvent) => void = () => {}) {}

  publish(event: InvalidationEvent): void {
    this.deliver(event);
  }

  /** Hands an event to this process's subscribers only (what a relayed event from another process needs). */
  deliver(event: InvalidationEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  subscribe(listener: InvalidationListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}
