import type { Clock } from "../../src/ports/clock.js";

/** Real time plus an offset the test can move forward, so deletion windows and rotation need no waiting. */
export class OffsetClock implements Clock {
  offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advanceDays(days: number): void {
    this.offsetMs += days * 24 * 60 * 60 * 1000;
  }
}
