import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregatedText, LATENCY_BUCKETS_SECONDS, latencyBucketOf, makeProcessMetrics } from "./metrics.js";

const sources = (sealed: boolean) => ({ isSealed: () => sealed, caches: { key_material: { hits: 3, misses: 1 } }, rootOfTrustUp: async () => undefined, customKeyStoreStates: () => ["FAILED"] });

test("a duration falls in the first bucket whose bound it does not exceed; past the last, in +Inf only", () => {
  assert.equal(latencyBucketOf(0), 0);
  assert.equal(latencyBucketOf(0.0001), 0, "le means less or equal");
  assert.equal(latencyBucketOf(0.00010001), 1);
  assert.equal(latencyBucketOf(0.003), LATENCY_BUCKETS_SECONDS.indexOf(0.005));
  assert.equal(latencyBucketOf(5), LATENCY_BUCKETS_SECONDS.length - 1);
  assert.equal(latencyBucketOf(60), LATENCY_BUCKETS_SECONDS.length);
});

test("several processes' snapshots are summed, counters and histograms; the seal gauge takes the maximum", async () => {
  const one = makeProcessMetrics(sources(false));
  const two = makeProcessMetrics(sources(true));
  const now = process.hrtime.bigint();
  one.request("kms", "Encrypt", "ok", now);
  one.request("kms", "Encrypt", "ok", now);
  two.request("kms", "Encrypt", "ok", now);
  two.request("kms", "Encrypt", "AccessDeniedException", now);
  two.throttled("kms", "cryptographic");
  const text = await aggregatedText([await one.snapshot(), await two.snapshot()]);
  const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}()+.|"]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1]);
  assert.equal(value('strongbox_requests_total{service="kms",operation="Encrypt",outcome="ok"}'), 3);
  assert.equal(value('strongbox_requests_total{service="kms",operation="Encrypt",outcome="AccessDeniedException"}'), 1);
  assert.equal(value('strongbox_request_duration_seconds_count{service="kms",operation="Encrypt"}'), 4);
  assert.equal(value('strongbox_request_duration_seconds_bucket{le="+Inf",service="kms",operation="Encrypt"}'), 4);
  assert.equal(value('strongbox_throttled_requests_total{service="kms",family="cryptographic"}'), 1);
  assert.equal(value('strongbox_cache_hits_total{cache="key_material"}'), 6);
  assert.equal(value("strongbox_sealed"), 1);
  assert.equal(value('strongbox_custom_key_stores{state="FAILED"}'), 1, "the most any process holds, not the sum");
});
