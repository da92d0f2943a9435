/**
 * RotateSecret end to end, through @aws-sdk/client-secrets-manager against a real server: the
 * built-in PostgreSQL rotators against a real PostgreSQL the test starts (single user and
 * alternating users, and a testSecret that fails and leaves AWSCURRENT working), a webhook
 * rotator served by the test, schedules run by the lifecycle sweep, CancelRotateSecret.
 */
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import { rejectsWith } from "./helpers/errors.js";
import { postgresBinDir, startPostgres, type PostgresCluster } from "./helpers/postgres.js";
import { ACCOUNT, ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

const lambda = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const SINGLE = lambda("SecretsManagerRDSPostgreSQLRotationSingleUser");
const MULTI = lambda("SecretsManagerRDSPostgreSQLRotationMultiUser");
const WEBHOOK_KEY = randomBytes(32).toString("hex");
const noPostgres = postgresBinDir() === undefined && process.env.CI !== "true" ? "PostgreSQL binaries not installed" : false;

/** A rotation function served by the test: it calls Secrets Manager back with its own credentials, as a Lambda would. */
class TestWebhook {
  readonly calls: { step: string; token: string; signed: boolean }[] = [];
  failStep: string | undefined;
  /** Answer 200 to every step and do nothing, as a broken function might. */
  idle = false;
  #server: Server | undefined;
  url = "";

  constructor(private readonly sm: () => SecretsManagerClient) {}

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        void this.#handle(body, String(req.headers["x-strongbox-signature"] ?? "")).then(
          (status) => res.writeHead(status).end(status === 200 ? "ok" : "the test refused this step\nwith a second line"),
          () => res.writeHead(500).end("error"),
        );
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/rotate`;
  }

  async #handle(body: string, signature: string): Promise<number> {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    const signed = v1 !== undefined && createHmac("sha256", Buffer.from(WEBHOOK_KEY, "utf8")).update(`${t}.${body}`).digest("hex") === v1;
    const event = JSON.parse(body) as { Step: string; SecretId: string; ClientRequestToken: string };
    this.calls.push({ step: event.Step, token: event.ClientRequestToken, signed });
    if (event.Step === this.failStep) return 500;
    if (this.idle) return 200;
    const sm = this.sm();
    if (event.Step === "createSecret") {
      await sm.send(new PutSecretValueCommand({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: `rotated-by-webhook-${event.ClientRequestToken}`, VersionStages: ["AWSPENDING"] }));
    }
    if (event.Step === "finishSecret") {
      const { VersionIdsToStages } = await sm.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
      const current = Object.entries(VersionIdsToStages!).find(([, stages]) => stages.includes("AWSCURRENT"))![0];
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId: event.SecretId, VersionStage: "AWSCURRENT", MoveToVersionId: event.ClientRequestToken, RemoveFromVersionId: current }));
    }
    return 200;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

describe("Secrets Manager: rotation", () => {
  let server: TestServer;
  let sm: SecretsManagerClient;
  let webhook: TestWebhook;

  before(async () => {
    webhook = new TestWebhook(() => sm);
    await webhook.start();
    server = await startTestServer({ config: { rotationWebhooks: { "test-rotator": webhook.url }, rotationWebhookSigningKey: WEBHOOK_KEY } });
    sm = new SecretsManagerClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
  });
  after(async () => {
    sm.destroy();
    await server.close();
    await webhook.stop();
  });

  /** Rotation runs in the background, as in AWS: waits until the version holds AWSCURRENT, or the rotation failed. */
  async function settled(secretId: string, token: string): Promise<"rotated" | "failed"> {
    for (let i = 0; i < 200; i++) {
      const described = await sm.send(new DescribeSecretCommand({ SecretId: secretId }));
      if (described.VersionIdsToStages?.[token]?.includes("AWSCURRENT") && described.LastRotatedDate !== undefined) return "rotated";
      if ((await failures(secretId)).some((e) => e.serviceEventDetails?.["versionId"] === token)) return "failed";
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`rotation of ${secretId} did not settle`);
  }

  async function events(name: string): Promise<{ serviceEventDetails?: Record<string, unknown>; eventSource: string }[]> {
    const ct = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    ct.config.systemClockOffset = server.clock.offsetMs;
    try {
      await server.strongbox.auditLog.drain();
      const { Events } = await ct.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }], MaxResults: 50 }));
      return (Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent!) as { serviceEventDetails?: Record<string, unknown>; eventSource: string });
    } finally {
      ct.destroy();
    }
  }
  const failures = async (secretId: string) => (await events("RotationFailed")).filter((e) => String(e.serviceEventDetails?.["arn"]).includes(`:secret:${secretId}-`));

  test("a webhook rotator gets the four steps, signed, and a failing step leaves AWSCURRENT as it was until a retry succeeds", async () => {
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: "webhook/secret", SecretString: "original" }));
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: "webhook/secret", RotationLambdaARN: lambda("unknown-function") })), "AccessDeniedException", /cannot invoke the specified Lambda function/);

    webhook.failStep = "testSecret";
    const failed = await sm.send(new RotateSecretCommand({ SecretId: "webhook/secret", RotationLambdaARN: lambda("test-rotator"), RotationRules: { AutomaticallyAfterDays: 30 } }));
    assert.equal(failed.ARN, ARN);
    assert.equal(await settled("webhook/secret", failed.VersionId!), "failed");
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "webhook/secret" }))).SecretString, "original", "AWSCURRENT still works");
    assert.deepEqual(webhook.calls.map((c) => c.step), ["createSecret", "setSecret", "testSecret"]);
    assert.ok(webhook.calls.every((c) => c.signed && c.token === failed.VersionId));
    const [failure] = await failures("webhook/secret");
    assert.equal(failure!.eventSource, "secretsmanager.amazonaws.com");
    assert.equal(failure!.serviceEventDetails!["step"], "testSecret");
    assert.match(String(failure!.serviceEventDetails!["reason"]), /HTTP 500/);
    assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: "webhook/secret" }))).VersionIdsToStages![failed.VersionId!], ["AWSPENDING"]);
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: "webhook/secret" })), "InvalidRequestException", "A previous rotation isn't complete. That rotation will be reattempted.");

    // The sweep retries once the back-off has passed, from the step that failed.
    webhook.failStep = undefined;
    webhook.calls.length = 0;
    assert.equal((await server.strongbox.runLifecycle()).secretRotationsRun, 0, "not before its retry time");
    server.advanceDays(0.01);
    sm.config.systemClockOffset = server.clock.offsetMs;
    await server.strongbox.runLifecycle();
    assert.deepEqual(webhook.calls.map((c) => c.step), ["testSecret", "finishSecret"]);
    assert.equal(await settled("webhook/secret", failed.VersionId!), "rotated");
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "webhook/secret" }))).SecretString, `rotated-by-webhook-${failed.VersionId}`);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "webhook/secret", VersionStage: "AWSPREVIOUS" }))).SecretString, "original");
    const described = await sm.send(new DescribeSecretCommand({ SecretId: "webhook/secret" }));
    assert.equal(described.RotationEnabled, true);
    assert.equal(described.RotationLambdaARN, lambda("test-rotator"));
    assert.deepEqual(described.RotationRules, { AutomaticallyAfterDays: 30 });
    assert.ok(described.NextRotationDate! > described.LastRotatedDate!);
    assert.ok((await events("RotationSucceeded")).some((e) => String(e.serviceEventDetails?.["arn"]) === ARN));
  });

  test("a function that answers every step but does nothing: the rotation is a failure, not a success, and AWSCURRENT stays", async () => {
    await sm.send(new CreateSecretCommand({ Name: "webhook/idle", SecretString: "kept" }));
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: "webhook/idle", RotationLambdaARN: `arn:aws:lambda:${REGION}:444455556666:function:test-rotator` })), "AccessDeniedException", /cannot invoke/);
    webhook.idle = true;
    try {
      const { VersionId } = await sm.send(new RotateSecretCommand({ SecretId: "webhook/idle", RotationLambdaARN: lambda("test-rotator") }));
      assert.equal(await settled("webhook/idle", VersionId!), "failed");
      const [failure] = (await failures("webhook/idle")).filter((e) => e.serviceEventDetails?.["versionId"] === VersionId);
      assert.equal(failure!.serviceEventDetails!["step"], "finishSecret");
      assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: "webhook/idle" }))).SecretString, "kept");
      // Nor may anyone put AWSCURRENT on the empty AWSPENDING version by hand.
      const { VersionIdsToStages } = await sm.send(new DescribeSecretCommand({ SecretId: "webhook/idle" }));
      const current = Object.entries(VersionIdsToStages!).find(([, stages]) => stages.includes("AWSCURRENT"))![0];
      await rejectsWith(sm.send(new UpdateSecretVersionStageCommand({ SecretId: "webhook/idle", VersionStage: "AWSCURRENT", MoveToVersionId: VersionId, RemoveFromVersionId: current })), "ResourceNotFoundException");
      assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: "webhook/idle" }))).LastRotatedDate, undefined);
    } finally {
      webhook.idle = false;
    }
  });

  test("rotation webhooks need a signing key: the server refuses to start without one", async () => {
    await assert.rejects(startTestServer({ config: { rotationWebhooks: { hook: "http://127.0.0.1:9/" } } }), /STRONGBOX_ROTATION_WEBHOOK_SIGNING_KEY/);
  });

  test("the schedule: the sweep starts a rotation when its window opens; CancelRotateSecret stops it", async () => {
    await sm.send(new CreateSecretCommand({ Name: "webhook/scheduled", SecretString: "v0" }));
    const configured = await sm.send(new RotateSecretCommand({ SecretId: "webhook/scheduled", RotationLambdaARN: lambda("test-rotator"), RotationRules: { ScheduleExpression: "rate(10 days)" }, RotateImmediately: false }));
    assert.equal(configured.VersionId, undefined);
    const next = (await sm.send(new DescribeSecretCommand({ SecretId: "webhook/scheduled" }))).NextRotationDate!;
    assert.ok(next.getTime() > server.clock.now().getTime());
    webhook.calls.length = 0;
    server.advanceDays(11);
    sm.config.systemClockOffset = server.clock.offsetMs;
    await server.strongbox.runLifecycle();
    // (The sweep also retries the idle function's rotation above; this one's calls start with createSecret.)
    const started = webhook.calls.find((c) => c.step === "createSecret");
    assert.ok(started, "the scheduled rotation started");
    assert.equal(await settled("webhook/scheduled", started.token), "rotated");
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: "webhook/scheduled" }))).NextRotationDate! > server.clock.now());

    await sm.send(new CancelRotateSecretCommand({ SecretId: "webhook/scheduled" }));
    const cancelled = await sm.send(new DescribeSecretCommand({ SecretId: "webhook/scheduled" }));
    assert.equal(cancelled.RotationEnabled, false);
    assert.equal(cancelled.RotationLambdaARN, lambda("test-rotator"));
    webhook.calls.length = 0;
    server.advanceDays(11);
    sm.config.systemClockOffset = server.clock.offsetMs;
    await server.strongbox.runLifecycle();
    assert.deepEqual(webhook.calls.filter((c) => c.step === "createSecret"), [], "no new rotation starts");
    await rejectsWith(sm.send(new RotateSecretCommand({ SecretId: "webhook/scheduled", RotationRules: { AutomaticallyAfterDays: 1, ScheduleExpression: "rate(1 days)" } })), "InvalidParameterException");
  });

  describe("the built-in PostgreSQL rotators, against a real PostgreSQL", { skip: noPostgres }, () => {
    let cluster: PostgresCluster;
    before(async () => {
      cluster = await startPostgres();
    });
    after(async () => {
      await cluster?.stop();
    });

    const connect = async (credentials: { username: string; password: string }) => {
      const client = new pg.Client({ host: cluster.host, port: cluster.port, user: credentials.username, password: credentials.password, database: "postgres", connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query("SELECT 1");
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    const asSuperuser = async (sql: string) => {
      const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.superuser.username, password: cluster.superuser.password, database: "postgres" });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    const dbSecret = (username: string, password: string, extra: object = {}) =>
      JSON.stringify({ engine: "postgres", host: cluster.host, port: cluster.port, username, password, dbname: "postgres", ...extra });
    const current = async (secretId: string) => JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString!) as { username: string; password: string };

    test("single user: the password changes in the database, the new one works and the old one stops working", async () => {
      await asSuperuser("CREATE ROLE app_single WITH LOGIN PASSWORD 'initial-password-1'");
      await sm.send(new CreateSecretCommand({ Name: "db/single", SecretString: dbSecret("app_single", "initial-password-1") }));
      const { VersionId } = await sm.send(new RotateSecretCommand({ SecretId: "db/single", RotationLambdaARN: SINGLE, RotationRules: { AutomaticallyAfterDays: 7 } }));
      assert.equal(await settled("db/single", VersionId!), "rotated");
      const rotated = await current("db/single");
      assert.equal(rotated.username, "app_single");
      assert.notEqual(rotated.password, "initial-password-1");
      assert.equal(await connect(rotated), true);
      assert.equal(await connect({ username: "app_single", password: "initial-password-1" }), false);
      assert.deepEqual((await sm.send(new DescribeSecretCommand({ SecretId: "db/single" }))).VersionIdsToStages![VersionId!], ["AWSCURRENT"]);
    });

    test("alternating users: the clone is created, then the users take turns; a testSecret that fails leaves AWSCURRENT working", async () => {
      await asSuperuser("CREATE ROLE app_multi WITH LOGIN PASSWORD 'initial-password-2'");
      await sm.send(new CreateSecretCommand({ Name: "db/master", SecretString: dbSecret(cluster.superuser.username, cluster.superuser.password) }));
      const master = (await sm.send(new DescribeSecretCommand({ SecretId: "db/master" }))).ARN!;
      await sm.send(new CreateSecretCommand({ Name: "db/multi", SecretString: dbSecret("app_multi", "initial-password-2", { masterarn: master }) }));
      const first = await sm.send(new RotateSecretCommand({ SecretId: "db/multi", RotationLambdaARN: MULTI }));
      assert.equal(await settled("db/multi", first.VersionId!), "rotated");
      const clone = await current("db/multi");
      assert.equal(clone.username, "app_multi_clone");
      assert.equal(await connect(clone), true);
      assert.equal(await connect({ username: "app_multi", password: "initial-password-2" }), true, "the other user keeps working (alternating users)");

      const second = await sm.send(new RotateSecretCommand({ SecretId: "db/multi" }));
      assert.equal(await settled("db/multi", second.VersionId!), "rotated");
      const back = await current("db/multi");
      assert.equal(back.username, "app_multi");
      assert.equal(await connect(back), true);

      // The clone may no longer log in: setSecret sets its password, testSecret cannot log in with it.
      await asSuperuser("ALTER ROLE app_multi_clone NOLOGIN");
      const third = await sm.send(new RotateSecretCommand({ SecretId: "db/multi" }));
      assert.equal(await settled("db/multi", third.VersionId!), "failed");
      const [failure] = (await failures("db/multi")).filter((e) => e.serviceEventDetails?.["versionId"] === third.VersionId);
      assert.equal(failure!.serviceEventDetails!["step"], "testSecret");
      const still = await current("db/multi");
      assert.deepEqual(still, back, "AWSCURRENT did not move");
      assert.equal(await connect(still), true, "and it still logs in");
      assert.ok(!JSON.stringify(await events("RotationFailed")).includes(back.password), "no password in the failure");
      assert.ok(!server.logs().includes(back.password), "no password in the logs");
    });
  });
});
