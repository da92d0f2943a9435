/** A figure measured in several runs: the median is the figure, min and max its spread. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/**
 * The p-th percentile (0 < p <= 100) by nearest rank: the smallest sample with at least p % of
 * the samples at or below it. Always a sample that was measured, never an interpolation, so a
 * p99 of 50 samples is plainly the largest but one.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is not in (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

/** Median, min and max of per-run figures (the median of an even count is the mean of the middle two). */
export function spread(runs: readonly number[]): Spread {
  if (runs.length === 0) throw new Error("no runs");
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...runs] };
}

/** "1234 (1200–1290)": the median and the range of the runs. */
export function formatSpread(s: Spread, digits = 0): string {
  const f = (n: number) => n.toFixed(digits);
  return s.runs.length === 1 ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}
