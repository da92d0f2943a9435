import type { Primitive } from "./crypto-floors.js";
import type { Summary } from "./measure.js";
import { formatSpread, spread, type Spread } from "./stats.js";

export interface ScenarioResult {
  readonly name: string;
  /** Bytes of one answer (the floor server answers as many). */
  readonly responseBytes: number;
  readonly strongbox: Summary;
  readonly floor: Summary;
  readonly primitive?: Primitive;
  /** The primitive's single-thread node:crypto rate, per second. */
  readonly cryptoRate?: number;
  readonly ratios: {
    /** Strongbox requests/s ÷ the bare HTTP server's, run by run. */
    readonly throughput: Spread;
    /** The bare HTTP server's CPU per request ÷ Strongbox's, run by run. */
    readonly cpu: Spread;
    /** Strongbox requests/s ÷ the raw crypto rate of the primitive. */
    readonly cryptoThroughput?: Spread;
    /** The primitive's CPU per operation ÷ Strongbox's CPU per request. */
    readonly cryptoCpu?: Spread;
  };
  readonly halfLoad?: { readonly offeredPerSecond: number; readonly figures: Summary };
  readonly target?: { readonly against: "http" | "crypto"; readonly ratio: number; readonly throughputMet: boolean; readonly cpuMet: boolean; readonly p99Met?: boolean };
}

/** Ratios of paired runs (run i of Strongbox with run i of its floor). */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): Spread {
  return spread(numerators.map((n, i) => n / denominators[i]!));
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + " ".repeat(width - text.length));
const padLeft = (text: string, width: number) => (text.length >= width ? text : " ".repeat(width - text.length) + text);

/** The table a person reads in the terminal: one line per operation, each column as wide as its widest cell. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ["operation", "req/s", "floor req/s", "x floor", "CPU us/req", "loop us", "floor us", "x floor CPU", "x crypto", "p50 ms", "p99 ms", "p99.9 ms", "errors", "target"];
  const rows = results.map((r) => [
    r.name,
    formatSpread(r.strongbox.perSecond),
    r.floor.perSecond.median.toFixed(0),
    formatSpread(r.ratios.throughput, 3),
    formatSpread(r.strongbox.cpuMicros, 1),
    r.strongbox.eventLoopMicros.median.toFixed(1),
    r.floor.cpuMicros.median.toFixed(1),
    formatSpread(r.ratios.cpu, 3),
    r.ratios.cryptoThroughput === undefined ? "" : r.ratios.cryptoThroughput.median.toFixed(3),
    r.strongbox.p50.median.toFixed(2),
    r.strongbox.p99.median.toFixed(2),
    r.strongbox.p999.median.toFixed(2),
    String(r.strongbox.errors),
    r.target === undefined ? "" : `${r.target.ratio} x ${r.target.against}: ${r.target.throughputMet && r.target.cpuMet ? "met" : r.target.throughputMet || r.target.cpuMet ? "half met" : "not met"}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // The operation and the target read left to right; the figures line up on the right.
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? pad(cell, widths[column]!) : padLeft(cell, widths[column]!))).join("  ").trimEnd();
  return [header, ...rows].map(line).join("\n");
}

/** The latency of the operations measured at half of their peak rate. */
export function formatHalfLoad(results: readonly ScenarioResult[]): string {
  const lines = results
    .filter((r) => r.halfLoad !== undefined)
    .map((r) => {
      const h = r.halfLoad!;
      return `${pad(r.name, 26)} offered ~${h.offeredPerSecond.toFixed(0)}/s, served ${formatSpread(h.figures.perSecond)}/s: p50 ${formatSpread(h.figures.p50, 2)} ms, p99 ${formatSpread(h.figures.p99, 2)} ms, p99.9 ${formatSpread(h.figures.p999, 2)} ms${r.target?.p99Met === undefined ? "" : r.target.p99Met ? "  (p99 < 5 ms: met)" : "  (p99 < 5 ms: not met)"}`;
    });
  return lines.join("\n");
}

/** The same table as Markdown, for docs/performance.md. */
export function formatMarkdown(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => {
    const target = r.target === undefined ? "" : `${r.target.ratio} × ${r.target.against}: ${r.target.throughputMet ? "req/s met" : "req/s not met"}, ${r.target.cpuMet ? "CPU met" : "CPU not met"}`;
    return `| ${r.name} | ${formatSpread(r.strongbox.perSecond)} | ${r.floor.perSecond.median.toFixed(0)} | ${formatSpread(r.ratios.throughput, 3)} | ${formatSpread(r.strongbox.cpuMicros, 1)} | ${r.strongbox.eventLoopMicros.median.toFixed(1)} | ${r.floor.cpuMicros.median.toFixed(1)} | ${formatSpread(r.ratios.cpu, 3)} | ${r.ratios.cryptoThroughput === undefined ? "" : r.ratios.cryptoThroughput.median.toFixed(3)} | ${r.strongbox.p50.median.toFixed(2)} / ${r.strongbox.p99.median.toFixed(2)} / ${r.strongbox.p999.median.toFixed(2)} | ${r.strongbox.errors} | ${target} |`;
  });
  const half = results
    .filter((r) => r.halfLoad !== undefined)
    .map((r) => `| ${r.name} | ${r.halfLoad!.offeredPerSecond.toFixed(0)} | ${formatSpread(r.halfLoad!.figures.perSecond)} | ${formatSpread(r.halfLoad!.figures.p50, 2)} | ${formatSpread(r.halfLoad!.figures.p99, 2)} | ${formatSpread(r.halfLoad!.figures.p999, 2)} |`);
  return [
    "| operation | req/s | floor req/s | × floor (req/s) | CPU µs/req | of it event loop | floor µs/req | × floor (CPU) | × crypto (req/s) | p50 / p99 / p99.9 ms | errors | target |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    ...(half.length === 0
      ? []
      : ["", "Latency at half of peak throughput:", "", "| operation | offered/s | served/s | p50 ms | p99 ms | p99.9 ms |", "|---|---|---|---|---|---|", ...half]),
  ].join("\n");
}
