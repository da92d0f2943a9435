import type { Clock } from "../ports/clock.js";

/**
 * The emulator's clock: the machine's time plus an offset that only grows (`POST
 * /sys/emulator/clock`), so deletion windows, rotation periods and expirations pass in seconds.
 */
export class EmulatorClock implements Clock {
  #offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }

  offsetSeconds(): number {
    return this.#offsetMs / 1000;
  }
}
