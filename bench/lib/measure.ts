import { cpuSeconds, mainThreadCpuSeconds } from "./processes.js";
import type { RawRequest } from "./presign.js";
import { spread, type Spread } from "./stats.js";
import { runWrk, type LoadOptions } from "./wrk.js";

/** What one load run of one server gave. */
export interface RunFigures {
  readonly perSecond: number;
  /** Server CPU (all its threads) per answered request, in microseconds. */
  readonly cpuMicros: number;
  /** The main threads' CPU alone (the event loops, which cap the rate) per answered request. */
  readonly eventLoopMicros: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly errors: number;
}

/** A server under test: where it listens and which processes' CPU it spends. */
export interface Target {
  readonly url: string;
  readonly pids: () => readonly number[];
}

export async function loadRun(target: Target, requests: readonly RawRequest[], options: Omit<LoadOptions, "url">): Promise<RunFigures> {
  const cpu = () => target.pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const eventLoops = () => target.pids().reduce((sum, pid) => sum + mainThreadCpuSeconds(pid), 0);
  const before = { all: cpu(), main: eventLoops() };
  const result = await runWrk(requests, { ...options, url: target.url });
  const perRequest = (seconds: number) => (result.requests === 0 ? Number.NaN : (seconds / result.requests) * 1e6);
  return {
    perSecond: result.perSecond,
    cpuMicros: perRequest(cpu() - before.all),
    eventLoopMicros: perRequest(eventLoops() - before.main),
    p50: result.p50,
    p99: result.p99,
    p999: result.p999,
    errors: result.errors,
  };
}

/** Each figure of several runs, as a median with its spread. */
export interface Summary {
  readonly perSecond: Spread;
  readonly cpuMicros: Spread;
  readonly eventLoopMicros: Spread;
  readonly p50: Spread;
  readonly p99: Spread;
  readonly p999: Spread;
  readonly errors: number;
}

export function summarise(runs: readonly RunFigures[]): Summary {
  return {
    perSecond: spread(runs.map((r) => r.perSecond)),
    cpuMicros: spread(runs.map((r) => r.cpuMicros)),
    eventLoopMicros: spread(runs.map((r) => r.eventLoopMicros)),
    p50: spread(runs.map((r) => r.p50)),
    p99: spread(runs.map((r) => r.p99)),
    p999: spread(runs.map((r) => r.p999)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * Latency at `offered` requests/s: connections that wait 10 ms after each answer (wrk's delay),
 * as many as a one-second probe says give that rate; `runs` runs of `seconds`.
 */
export async function pacedRuns(target: Target, requests: readonly RawRequest[], options: { offered: number; runs: number; seconds: number }): Promise<Summary> {
  const delayMs = 10;
  const probeConnections = Math.max(1, Math.ceil(options.offered * 0.012));
  const probeRun = await loadRun(target, requests, { seconds: 1, connections: probeConnections, delayMs });
  const paced = Math.max(1, Math.round((probeConnections * options.offered) / Math.max(1, probeRun.perSecond)));
  const figures: RunFigures[] = [];
  for (let i = 0; i < options.runs; i++) figures.push(await loadRun(target, requests, { seconds: options.seconds, connections: paced, delayMs }));
  return summarise(figures);
}
