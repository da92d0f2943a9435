/**
 * GET /metrics (docs/metrics.md): a real server with its metrics port on, real AWS clients on its
 * API port, and scrapes over HTTP on the metrics port. Counters are compared before and after,
 * so each assertion names exactly how far a counter must have moved.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ConnectCustomKeyStoreCommand, CreateCustomKeyStoreCommand, CreateKeyCommand, EncryptCommand, GenerateRandomCommand, KMSClient } from "@aws-sdk/client-kms";
import { startStrongbox } from "../src/main.js";
import { trustAnchorPem } from "./helpers/custom-key-store.js";
import { createSoftHsm, hsmSealedWithWrongPin } from "./helpers/softhsm.js";
import { startChildServer, type ChildServer } from "./helpers/child-server.js";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";
import { signedCall } from "./helpers/signed-fetch.js";

const METRICS_ON = { metrics: { host: "127.0.0.1", port: 0 } } as const;
// SoftHSM reads its configuration when the module is first loaded in this process: made before any server starts.
const hsm = createSoftHsm({ tokenLabel: "metrics-root" });
hsm.addToken("metrics-cks", "kmsuser-pin-m");
after(() => hsm.cleanup());
const ADMIN_ENV = { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };

/** A plain HTTP GET (a fresh connection), as Prometheus scrapes. */
function httpGet(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; contentType: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode!, contentType: String(res.headers["content-type"]), text }));
    });
    req.on("error", reject).end();
  });
}

/** One scrape, as a map from `name{labels}` (exactly as exposed) to its value. */
class Scrape {
  readonly values = new Map<string, number>();
  constructor(readonly text: string) {
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const at = line.lastIndexOf(" ");
      this.values.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
  }
  /** A series' value; 0 for one not (yet) exposed. */
  get(series: string): number {
    return this.values.get(series) ?? 0;
  }
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const answer = await httpGet(url, headers);
  assert.equal(answer.status, 200, answer.text);
  assert.match(answer.contentType, /^text\/plain; version=0\.0\.4/);
  return new Scrape(answer.text);
}

const requests = (service: string, operation: string, outcome: string) => `strongbox_requests_total{service="${service}",operation="${operation}",outcome="${outcome}"}`;

describe("GET /metrics on the metrics port of one process", () => {
  let server: TestServer;
  let kms: KMSClient;
  let metricsUrl: string;
  before(async () => {
    server = await startTestServer({ config: METRICS_ON });
    kms = server.kms();
    metricsUrl = server.strongbox.metricsUrl!;
    assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    assert.notEqual(new URL(metricsUrl).port, new URL(server.url).port);
  });
  after(() => server.close());

  test("calls are counted by service, operation and outcome, exactly; an unknown operation is one label value; latency is observed", async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const before = await scrape(metricsUrl);
    for (let i = 0; i < 3; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("metrics") }));
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: "11111111-2222-3333-4444-555555555555", Plaintext: Buffer.from("x") })), "NotFoundException");
    for (const made_up of ["MadeUpOperation", "AnotherMadeUpOne"]) {
      const answer = await signedCall(server.url, made_up, {});
      assert.equal(answer.body.__type, "UnknownOperationException");
    }
    const after = await scrape(metricsUrl);
    const moved = (series: string) => after.get(series) - before.get(series);

    assert.equal(moved(requests("kms", "Encrypt", "ok")), 3);
    assert.equal(moved(requests("kms", "Encrypt", "NotFoundException")), 1);
    assert.equal(moved(requests("kms", "Unknown", "UnknownOperationException")), 2, "made-up operation names collapse to Unknown");
    assert.equal(moved(requests("kms", "CreateKey", "ok")), 0);
    assert.ok(![...after.values.keys()].some((series) => series.includes("MadeUp")), "a caller's operation name never becomes a label");

    const histogram = 'strongbox_request_duration_seconds_count{service="kms",operation="Encrypt"}';
    assert.equal(moved(histogram), 4, "every Encrypt, refused or not, is timed");
    assert.equal(moved('strongbox_request_duration_seconds_bucket{le="+Inf",service="kms",operation="Encrypt"}'), 4);
    assert.ok(moved('strongbox_request_duration_seconds_sum{service="kms",operation="Encrypt"}') > 0);
    assert.ok(moved('strongbox_request_duration_seconds_bucket{le="5",service="kms",operation="Encrypt"}') === 4, "a local Encrypt answers in under 5 s");
  });

  test("cache lookups are counted: the key material of a key used again is a hit, the access key and its signing key too", async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const before = await scrape(metricsUrl);
    for (let i = 0; i < 4; i++) await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("metrics") }));
    const after = await scrape(metricsUrl);
    const moved = (kind: "hits" | "misses", cache: string) => after.get(`strongbox_cache_${kind}_total{cache="${cache}"}`) - before.get(`strongbox_cache_${kind}_total{cache="${cache}"}`);
    // The first use may load the material (a miss); the three after it find it.
    assert.equal(moved("hits", "key_material") + moved("misses", "key_material"), 4);
    assert.ok(moved("hits", "key_material") >= 3, `key material hits: ${moved("hits", "key_material")}`);
    assert.equal(moved("hits", "access_key"), 4, "the admin's access key was cached by earlier calls");
    assert.equal(moved("misses", "access_key"), 0);
    assert.equal(moved("hits", "sigv4_signing_key"), 4);
    assert.ok(moved("hits", "key") >= 4, "the key record is read from memory");
    for (const cache of ["parsed_policy", "alias", "grants", "inline_policies", "secret"]) assert.ok(after.values.has(`strongbox_cache_hits_total{cache="${cache}"}`), cache);
  });

  test("the metrics name no account, key, access key or secret, and carry prom-client's process metrics", async () => {
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("metrics") }));
    const { text } = await scrape(metricsUrl);
    for (const secretOrId of [keyId, ACCOUNT, ADMIN.accessKeyId, ADMIN.secretAccessKey, REGION, "arn:"]) assert.ok(!text.includes(secretOrId), `the metrics mention ${secretOrId}`);
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
  });

  test("the API port does not serve the metrics, and the metrics port serves nothing else", async () => {
    const onApi = await httpGet(`${server.url}/metrics`);
    assert.equal(onApi.status, 400);
    assert.equal(JSON.parse(onApi.text).__type, "UnknownOperationException");
    assert.doesNotMatch(onApi.text, /strongbox_requests_total/);
    for (const [method, path] of [["GET", "/"], ["GET", "/health"], ["POST", "/metrics"], ["GET", "/metrics/../metrics2"]] as const) {
      const answer = await httpGet(new URL(path, metricsUrl).href, {}, method);
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.doesNotMatch(answer.text, /strongbox_/);
    }
  });

  // Last: a --dev server stays sealed until it restarts.
  test("the seal gauge reads 0 while unsealed and 1 once sealed", async () => {
    assert.equal((await scrape(metricsUrl)).get("strongbox_sealed"), 0);
    assert.equal((await scrape(metricsUrl)).values.has('strongbox_hsm_up{hsm="root_of_trust"}'), false, "no HSM seal, no HSM gauge");
    const sealed = await signedCall(server.url, "Seal", {}, { targetPrefix: "StrongboxAdmin." });
    assert.equal(sealed.status, 200, sealed.text);
    assert.equal(server.strongbox.sealed, true);
    assert.equal((await scrape(metricsUrl)).get("strongbox_sealed"), 1);
  });
});

describe("throttled calls on the metrics port", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { ...METRICS_ON, limits: { cryptographicPerSecond: 1 } } });
  });
  after(() => server.close());

  test("each ThrottlingException is counted once by service and family, and as the call's outcome", async () => {
    const kms = server.kms();
    const before = await scrape(server.strongbox.metricsUrl!);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 }))));
    const throttled = results.filter((r) => r.status === "rejected" && (r.reason as Error).name === "ThrottlingException").length;
    const passed = results.filter((r) => r.status === "fulfilled").length;
    assert.ok(throttled >= 1, "a rate of 1 a second lets one of six calls at once through, maybe two");
    assert.equal(throttled + passed, 6);
    const after = await scrape(server.strongbox.metricsUrl!);
    const moved = (series: string) => after.get(series) - before.get(series);
    assert.equal(moved('strongbox_throttled_requests_total{service="kms",family="cryptographic"}'), throttled);
    assert.equal(moved('strongbox_throttled_requests_total{service="kms",family="management"}'), 0);
    assert.equal(moved(requests("kms", "GenerateRandom", "ThrottlingException")), throttled);
    assert.equal(moved(requests("kms", "GenerateRandom", "ok")), passed);
  });
});

describe("the metrics token (STRONGBOX_METRICS_TOKEN)", () => {
  const TOKEN = "scrape-token-0123456789abcdef";
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { ...METRICS_ON, env: { ...ADMIN_ENV, STRONGBOX_METRICS_TOKEN: TOKEN } } });
  });
  after(() => server.close());

  test("a scrape without the bearer token, or with another, is refused with 401; with it, answered", async () => {
    const url = server.strongbox.metricsUrl!;
    const refusedHeaders: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }];
    for (const headers of refusedHeaders) {
      const answer = await httpGet(url, headers);
      assert.equal(answer.status, 401, JSON.stringify(headers));
      assert.match(String(answer.text), /Unauthorized/);
      assert.doesNotMatch(answer.text, /strongbox_/);
    }
    const scraped = await scrape(url, { authorization: `Bearer ${TOKEN}` });
    assert.equal(scraped.get("strongbox_sealed"), 0);
    assert.ok(!scraped.text.includes(TOKEN));
  });

  test("a token too short to be one is refused at start", async () => {
    await assert.rejects(startTestServer({ config: { ...METRICS_ON, env: { ...ADMIN_ENV, STRONGBOX_METRICS_TOKEN: "short" } } }), /STRONGBOX_METRICS_TOKEN must be at least 16 characters/);
  });
});

describe("strongbox server: the metrics port from the environment, off by default", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-metrics-cli-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("STRONGBOX_METRICS_PORT turns it on; without it no metrics port is opened", async () => {
    for (const [name, env] of [["on", { STRONGBOX_METRICS_PORT: "0", STRONGBOX_METRICS_HOST: "127.0.0.1" }], ["off", {}]] as const) {
      const server = await startChildServer(["--dev", "--data-dir", join(dir, name)], env);
      try {
        const listening = /^.*"msg":"Strongbox listening".*$/m.exec(server.output())![0];
        const metricsUrl = /"metricsUrl":"([^"]+)"/.exec(listening)?.[1];
        if (name === "off") {
          assert.equal(metricsUrl, undefined, listening);
          continue;
        }
        assert.match(metricsUrl ?? "", /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
        assert.equal((await scrape(metricsUrl!)).get("strongbox_sealed"), 0);
      } finally {
        server.child.kill("SIGTERM");
        assert.equal(await server.exited(), 0);
      }
    }
  });
});

describe("GET /metrics with --workers 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-metrics-workers-"));
  let server: ChildServer;
  let metricsUrl: string;
  const clients: KMSClient[] = [];
  before(async () => {
    server = await startChildServer(["--dev", "--workers", "2", "--data-dir", join(dir, "data"), "--metrics-port", "0"]);
    metricsUrl = /"metricsUrl":"(http:\/\/[^"]+)"[^\n]*"msg":"Strongbox listening"/.exec(server.output())![1]!;
  });
  after(async () => {
    for (const client of clients) client.destroy();
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM");
      assert.equal(await server.exited(), 0);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test("the primary serves one view: calls answered by either worker are summed", async () => {
    const seen = new Set<string>();
    /** A client on its own connection (so calls spread over the workers), noting which worker answered. */
    const client = () => {
      const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
      kms.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          const worker = (result.response as { headers?: Record<string, string> }).headers?.["x-strongbox-worker"];
          if (worker !== undefined) seen.add(worker);
          return result;
        },
        { step: "deserialize", name: "noteWorker" },
      );
      clients.push(kms);
      return kms;
    };
    const keyId = (await client().send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const before = await scrape(metricsUrl);
    const calls = 10;
    for (let i = 0; i < calls; i++) await client().send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("metrics") }));
    assert.deepEqual([...seen].sort(), ["1", "2"], "both workers answered some of the calls");
    const after = await scrape(metricsUrl);
    assert.equal(after.get(requests("kms", "Encrypt", "ok")) - before.get(requests("kms", "Encrypt", "ok")), calls, "every worker's count is in the sum");
    assert.equal(after.get('strongbox_request_duration_seconds_count{service="kms",operation="Encrypt"}') - before.get('strongbox_request_duration_seconds_count{service="kms",operation="Encrypt"}'), calls);
    assert.equal(after.get("strongbox_sealed"), 0);
    // The API port (shared by the workers) never answers with the metrics.
    const onApi = await httpGet(`${server.url}/metrics`);
    assert.doesNotMatch(onApi.text, /strongbox_requests_total/);
  });
});

describe("HSM state on the metrics port", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-metrics-hsm-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("an HSM-sealed data dir: the root-of-trust gauge reads 0 while the token refuses, 1 once it opens; custom key stores are counted by state", async () => {
    const dataDir = join(dir, "data");
    const pinFile = join(dir, "operator.pin");
    await hsmSealedWithWrongPin(hsm, dataDir, pinFile);
    const cluster = "cluster-6f78a9bcdef";
    const strongbox = await startStrongbox({
      dataDir, host: "127.0.0.1", port: 0, region: REGION, accountId: ACCOUNT, dev: false, logLevel: "info",
      logDestination: new PassThrough().resume(), announce: () => {}, env: ADMIN_ENV, hsmPinFile: pinFile, hsmRetryMs: 100,
      hsmClusters: { [cluster]: { library: hsm.library, tokenLabel: "metrics-cks" } },
      ...METRICS_ON,
    });
    const kms = new KMSClient({ endpoint: strongbox.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const refused = await scrape(strongbox.metricsUrl!);
      assert.equal(refused.get("strongbox_sealed"), 1);
      assert.equal(refused.values.get('strongbox_hsm_up{hsm="root_of_trust"}'), 0);

      writeFileSync(pinFile, `${hsm.pin}\n`);
      for (let i = 0; i < 100 && strongbox.sealed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(strongbox.sealed, false);
      const opened = await scrape(strongbox.metricsUrl!);
      assert.equal(opened.get("strongbox_sealed"), 0);
      assert.equal(opened.values.get('strongbox_hsm_up{hsm="root_of_trust"}'), 1);
      assert.equal(opened.values.get('strongbox_custom_key_stores{state="CONNECTED"}'), 0);

      const { CustomKeyStoreId } = await kms.send(
        new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "metrics", CloudHsmClusterId: cluster, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: "kmsuser-pin-m" }),
      );
      await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId }));
      const connected = await scrape(strongbox.metricsUrl!);
      assert.equal(connected.values.get('strongbox_custom_key_stores{state="CONNECTED"}'), 1);
      assert.equal(connected.values.get('strongbox_custom_key_stores{state="FAILED"}'), 0);
      assert.ok(!connected.text.includes(CustomKeyStoreId!) && !connected.text.includes(cluster), "no store or cluster id in the metrics");
      assert.ok(!connected.text.includes(hsm.pin) && !connected.text.includes("kmsuser-pin-m"));
    } finally {
      kms.destroy();
      await strongbox.close();
    }
  });
});
