/**
 * How far the emulator's clock moves between two sweeps when it travels. AWS schedules this work
 * in days (rotation periods, deletion windows, expirations), so stepping a day at a time fires every
 * occurrence a long jump passes (a 90-day key rotates twice in 200 days, not once), each within a
 * day of its time.
 */
export const TIME_TRAVEL_STEP_SECONDS = 24 * 3600;

/** A sweep's report: how many of each kind of scheduled work it did. */
export type SweepReport = Readonly<Record<string, number>>;

/**
 * Moves the clock `seconds` forward a step at a time, running the sweeps after each step, and sums
 * what they did. Moving 0 seconds runs the sweeps once, at the present time.
 */
export async function travelThroughTime(deps: { advance(seconds: number): void; sweep(): Promise<SweepReport> }, seconds: number): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  const add = (report: SweepReport) => {
    for (const [kind, count] of Object.entries(report)) if (typeof count === "number") total[kind] = (total[kind] ?? 0) + count;
  };
  let left = seconds;
  do {
    const step = Math.min(left, TIME_TRAVEL_STEP_SECONDS);
    deps.advance(step);
    left -= step;
    add(await deps.sweep());
  } while (left > 0);
  return total;
}
