import { AggregatorRegistry, Counter, Gauge, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from "prom-client";
import type { CacheCounts } from "../app/bounded-cache.js";

/**
 * The Prometheus metrics of one process (docs/metrics.md). Labels name only things there are a
 * few of: services, operations Strongbox serves, AWS error types, caches. Never an account, key,
 * access key, alias, secret name or ARN: those are unbounded (a label value is a time series
 * kept for ever by the scraper) and they say who uses what, which the metrics endpoint must not.
 */

/** How KMS's quotas split calls (http/throttle.ts). */
export type ThrottleFamily = "cryptographic" | "management";

/** What the listener reports, per request: a few numbers bumped, no allocation once a series exists. */
export interface RequestMetrics {
  /** One answered AWS call: `outcome` is "ok" or the AWS error type the caller was sent. */
  request(service: string, operation: string, outcome: string, startedNs: bigint): void;
  throttled(service: string, family: ThrottleFamily): void;
}

export interface MetricsSources {
  readonly isSealed: () => boolean;
  /** Hit and miss counts by cache name, read at each scrape. */
  readonly caches: Readonly<Record<string, CacheCounts>>;
  /** With an HSM seal: whether the token holding the root key answers. Undefined for other seals. */
  readonly rootOfTrustUp: () => Promise<boolean | undefined>;
  /** The connection state of each custom key store this process holds. */
  readonly customKeyStoreStates: () => readonly string[];
}

export interface ProcessMetrics extends RequestMetrics {
  readonly contentType: string;
  /** The text exposition of this process's metrics. */
  text(): Promise<string>;
  /** This process's metrics as data, for the cluster primary to sum with the other workers'. */
  snapshot(): Promise<MetricObjectWithValues<MetricValue<string>>[]>;
}

/**
 * Request latency buckets, in seconds: a cached Encrypt answers in well under a millisecond of
 * server time, a first use of a key or an HSM call in milliseconds, an RSA-4096 signature or a
 * queue behind a busy event loop in tens to hundreds; anything past 5 s is a fault.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Custom key store states a process may hold (DISCONNECTED stores are not held), always reported, 0 when none. */
const HELD_KEY_STORE_STATES = ["CONNECTED", "CONNECTING", "FAILED"] as const;

/**
 * One service and operation's tallies: plain numbers a request bumps (prom-client's label children
 * hash their labels and allocate on every call, about 0.8 µs; this is a few map lookups), turned
 * into the two metrics when scraped.
 */
interface OperationTally {
  readonly service: string;
  readonly operation: string;
  /** Calls by outcome. */
  readonly outcomes: Map<string, number>;
  /** Observations per latency bucket (not cumulative): index i counts those in (bucket i-1, bucket i]. */
  readonly buckets: number[];
  count: number;
  sum: number;
}

const DURATION = "strongbox_request_duration_seconds";

export function makeProcessMetrics(sources: MetricsSources): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const tallies = new Map<string, Map<string, OperationTally>>();
  const eachTally = function* (): Generator<OperationTally> {
    for (const byOperation of tallies.values()) yield* byOperation.values();
  };
  new Counter({
    name: "strongbox_requests_total",
    help: "AWS API calls answered, by service, operation (Unknown for a name Strongbox does not serve) and outcome (ok, or the AWS error type answered).",
    labelNames: ["service", "operation", "outcome"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { service, operation, outcomes } of eachTally()) for (const [outcome, calls] of outcomes) this.inc({ service, operation, outcome }, calls);
    },
  });
  // A histogram as prom-client exposes one (buckets by `le`, then _sum and _count), built from the tallies.
  registry.registerMetric({
    name: DURATION,
    async get() {
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      for (const { service, operation, buckets, count, sum } of eachTally()) {
        let cumulative = 0;
        LATENCY_BUCKETS_SECONDS.forEach((le, i) => {
          cumulative += buckets[i]!;
          values.push({ labels: { le, service, operation }, value: cumulative, metricName: `${DURATION}_bucket` });
        });
        values.push({ labels: { le: "+Inf", service, operation }, value: count, metricName: `${DURATION}_bucket` });
        values.push({ labels: { service, operation }, value: sum, metricName: `${DURATION}_sum` });
        values.push({ labels: { service, operation }, value: count, metricName: `${DURATION}_count` });
      }
      return {
        name: DURATION,
        help: "Time from a request's arrival to its answer, by service and operation, whatever the outcome.",
        type: "histogram",
        aggregator: "sum",
        values,
      };
    },
  } as unknown as Parameters<Registry["registerMetric"]>[0]);
  const throttled = new Counter({
    name: "strongbox_throttled_requests_total",
    help: "Calls refused with ThrottlingException, by service and rate family (KMS's cryptographic operations, or the rest of a service).",
    labelNames: ["service", "family"] as const,
    registers: [registry],
  });
  const cacheNames = Object.keys(sources.caches);
  // Counted by the caches themselves (two integers per lookup); copied in at each scrape.
  const cacheCounter = (name: string, help: string, pick: (counts: CacheCounts) => number) =>
    new Counter({
      name,
      help,
      labelNames: ["cache"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const cache of cacheNames) this.inc({ cache }, pick(sources.caches[cache]!));
      },
    });
  cacheCounter("strongbox_cache_hits_total", "Cache lookups that found their entry, by cache.", (c) => c.hits);
  cacheCounter("strongbox_cache_misses_total", "Cache lookups that did not (the value was loaded, or did not exist), by cache.", (c) => c.misses);
  new Gauge({
    name: "strongbox_sealed",
    help: "1 while sealed (no key can be used), 0 while unsealed. Several workers: 1 if any is sealed.",
    aggregator: "max",
    registers: [registry],
    collect() {
      this.set(sources.isSealed() ? 1 : 0);
    },
  });
  new Gauge({
    name: "strongbox_hsm_up",
    help: 'An HSM-sealed data dir only (hsm="root_of_trust"): 1 while the token holding the root key answers, 0 while it does not. Absent for other seals. Several workers: 0 if any cannot reach it.',
    labelNames: ["hsm"] as const,
    aggregator: "min",
    registers: [registry],
    async collect() {
      this.reset();
      const up = await sources.rootOfTrustUp();
      if (up !== undefined) this.set({ hsm: "root_of_trust" }, up ? 1 : 0);
    },
  });
  new Gauge({
    name: "strongbox_custom_key_stores",
    help: "Custom key stores held by state (CONNECTED, CONNECTING, FAILED); DISCONNECTED ones are not held. Several workers: the most any worker holds.",
    labelNames: ["state"] as const,
    aggregator: "max",
    registers: [registry],
    collect() {
      const counts: Record<string, number> = {};
      for (const state of HELD_KEY_STORE_STATES) counts[state] = 0;
      for (const state of sources.customKeyStoreStates()) counts[state] = (counts[state] ?? 0) + 1;
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
    },
  });

  const throttledChildren: Record<ThrottleFamily, Map<string, ReturnType<typeof throttled.labels>>> = { cryptographic: new Map(), management: new Map() };
  function tallyOf(service: string, operation: string): OperationTally {
    let byOperation = tallies.get(service);
    if (byOperation === undefined) tallies.set(service, (byOperation = new Map()));
    let found = byOperation.get(operation);
    if (found === undefined) byOperation.set(operation, (found = { service, operation, outcomes: new Map(), buckets: LATENCY_BUCKETS_SECONDS.map(() => 0), count: 0, sum: 0 }));
    return found;
  }
  return {
    contentType: registry.contentType,
    request(service, operation, outcome, startedNs) {
      const tally = tallyOf(service, operation);
      tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1);
      const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
      tally.count += 1;
      tally.sum += seconds;
      const bucket = latencyBucketOf(seconds);
      if (bucket < LATENCY_BUCKETS_SECONDS.length) tally.buckets[bucket]! += 1;
    },
    throttled(service, family) {
      const children = throttledChildren[family];
      let child = children.get(service);
      if (child === undefined) children.set(service, (child = throttled.labels(service, family)));
      child.inc();
    },
    text: () => registry.metrics(),
    snapshot: () => registry.getMetricsAsJSON(),
  };
}

/** The first bucket whose bound is at least `seconds` (Prometheus's `le`: less or equal); past the last, its length (+Inf only). */
export function latencyBucketOf(seconds: number): number {
  let bucket = 0;
  while (bucket < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[bucket]!) bucket++;
  return bucket;
}

export const METRICS_CONTENT_TYPE: string = Registry.PROMETHEUS_CONTENT_TYPE;

/** The text exposition of several processes' snapshots: counters and histograms summed, gauges as each declares. */
export async function aggregatedText(snapshots: readonly unknown[][]): Promise<string> {
  return AggregatorRegistry.aggregate(snapshots as MetricObjectWithValues<MetricValue<string>>[][]).metrics();
}
