import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevRootKey, DEV_ROOT_KEY_FILE, devSeal, loadDevRootKey } from "./adapters/seal/dev-root-key-file.js";
import { unlockPassphraseSeal } from "./adapters/seal/passphrase-seal.js";
import { decodeShare, isShareOf, openShamirSeal } from "./adapters/seal/shamir-seal.js";
import { openHsmSeal } from "./adapters/seal/hsm-seal.js";
import { Pkcs11Libraries, pkcs11Connector } from "./adapters/pkcs11/index.js";
import { SealController, type UnsealOffer, type UnsealOutcome } from "./app/seal/seal-controller.js";
import { makeSystemOperations } from "./app/seal/system-operations.js";
import { ADMIN_TARGET_PREFIX } from "./protocol/admin/schemas.js";
import { DiskReserve, NO_RESERVE } from "./adapters/disk-reserve.js";
import { AccessKeyDirectory } from "./app/identity/access-keys.js";
import { bootstrapAdmin } from "./app/identity/bootstrap-admin.js";
import { KeyMaterialVault } from "./app/kms/key-material.js";
import { makeKeyResolver } from "./app/kms/key-resolver.js";
import { CachedKeyRepository } from "./app/kms/cached-keys.js";
import { CachedAliasRepository } from "./app/kms/cached-aliases.js";
import { makeKeyLifecycle, type LifecycleReport } from "./app/kms/key-lifecycle.js";
import { makeKmsOperations } from "./app/kms/operations.js";
import { ParsedPolicies } from "./app/access/parsed-policies.js";
import { withCachedInlinePolicies } from "./app/iam/cached-inline-policies.js";
import { withCachedGrantLookups } from "./app/kms/cached-grants.js";
import { makeSecretsOperations } from "./app/secrets/operations.js";
import { makeKmsViaService } from "./app/secrets/kms-via-service.js";
import { makeSecretLifecycle } from "./app/secrets/secret-lifecycle.js";
import { CachedSecretRepository } from "./app/secrets/cached-secrets.js";
import { makeRotationRunner } from "./app/secrets/rotation-runner.js";
import { rotationApi } from "./app/secrets/rotation-api.js";
import { makeGetSecretValue } from "./app/secrets/get-secret-value.js";
import { makeDescribeSecret } from "./app/secrets/describe-secret.js";
import { makePutSecretValue } from "./app/secrets/put-secret-value.js";
import { makeUpdateSecretVersionStage } from "./app/secrets/update-secret-version-stage.js";
import { makeGetRandomPassword } from "./app/secrets/get-random-password.js";
import { parseWebhookList, rotationFunctions } from "./adapters/rotation/rotation-functions.js";
import { boundedMatcher } from "./adapters/regex/bounded-matcher.js";
import { httpLimits, type HttpLimits } from "./http/limits.js";
import { makeThrottle } from "./http/throttle.js";
import { aggregatedText, makeProcessMetrics, METRICS_CONTENT_TYPE } from "./http/metrics.js";
import { metricsTokenFrom, startMetricsServer, type MetricsServer } from "./http/metrics-listener.js";
import type { CacheCounts } from "./app/bounded-cache.js";
import { makeAwsManagedKeys } from "./app/kms/aws-managed-keys.js";
import { secretsManagerService } from "./http/secrets-service.js";
import { makeParametersOperations } from "./app/parameters/operations.js";
import { makeParameterLifecycle, policyActionEvent } from "./app/parameters/parameter-lifecycle.js";
import { parameterStoreService } from "./http/parameters-service.js";
import { AuditLog } from "./app/audit/audit-log.js";
import { makeConfigQueries } from "./app/audit/config-queries.js";
import { makeFindingsService } from "./app/audit/findings-service.js";
import { makeAuditFollower } from "./app/audit/audit-follower.js";
import { jsonWebhook } from "./adapters/json-webhook.js";
import { FindingDetector, type FindingThresholds } from "./core/findings/index.js";
import { makeConfigRecorder } from "./app/audit/key-configuration.js";
import { recordingConfigurationChanges } from "./app/kms/config-changes.js";
import { makeLookupEvents } from "./app/audit/lookup-events.js";
import { cloudTrailService } from "./http/cloudtrail-service.js";
import { sealDigest } from "./app/audit/digests.js";
import { serviceEvent, type AuditEvent } from "./core/audit/index.js";
import { makePolicyGate } from "./app/access/policy-gate.js";
import { makePrincipalDirectory } from "./app/access/principal-directory.js";
import { simulateKeyAccess, simulatedActions } from "./app/access/simulate.js";
import { makeIdentityPolicySource } from "./app/iam/identity-policies.js";
import { makeIamOperations } from "./app/iam/operations.js";
import { makeStsOperations } from "./app/sts/operations.js";
import { adminService } from "./http/admin-service.js";
import { initializeBarrier } from "./app/seal/initialize.js";
import { Vault } from "./app/seal/vault.js";
import { randomRequestId, secureRandomBytes } from "./core/crypto/random.js";
import { RandomPool } from "./core/crypto/random-pool.js";
import { SecretBytes, exposeSecretBytes } from "./core/secret-bytes.js";
import { makeAuthenticator } from "./http/authenticate.js";
import { makeEmulatorAuthenticator } from "./http/emulator-authenticate.js";
import { emulatorRoutes } from "./http/emulator-routes.js";
import { makeEmulatorReset } from "./app/emulator/reset.js";
import { applySeed } from "./app/emulator/seed.js";
import { travelThroughTime } from "./app/emulator/time-travel.js";
import { readSeedFile } from "./adapters/seed-file.js";
import { parseSeedDocument, type SeedDocument } from "./protocol/emulator/seed-schema.js";
import { EmulatorClock } from "./adapters/emulator-clock.js";
import { backupDataDir } from "./adapters/backup/data-dir-backup.js";
import { kmsService } from "./http/kms-service.js";
import { iamQueryService, stsQueryService } from "./http/query-service.js";
import { closeServer, httpUrl, listen, makeHttpServer, makeRequestListener } from "./http/server.js";
import { makeSystemRoutes } from "./http/system-routes.js";
import { makeUnsealRoutes } from "./http/unseal-routes.js";
import { makeLogger, type LogLevel } from "./logger.js";
import type { Clock } from "./ports/clock.js";
import type { SealConfig } from "./ports/system-repository.js";
import type { Store } from "./ports/store.js";
import { packageVersion } from "./version.js";
import { KeyStores, type KeyStoreHealth } from "./app/kms/key-stores.js";
import { parseClusterDirectory, type ClusterDirectory, type ClusterTarget, type CustomKeyStoreLocator } from "./core/kms/custom-key-store.js";
import type { Invalidation } from "./ports/invalidation.js";
import { LocalInvalidation } from "./adapters/invalidation/local-invalidation.js";
import { IpcInvalidation, processChannel } from "./adapters/invalidation/ipc-invalidation.js";
import { isClusterWorker, startSupervisor, workerRole, type WorkerInfo } from "./adapters/cluster/supervisor.js";
import { answerMetricsRequests } from "./adapters/cluster/metrics-relay.js";
import { ADMIN_CREDENTIALS_FILE, DATABASE_FILE, DISK_RESERVE_FILE, dataDirLayout, openStore, requireWritableDataDir, StartupError, systemClock } from "./compose/data-dir.js";
export { ADMIN_CREDENTIALS_FILE, DATABASE_FILE, DISK_RESERVE_FILE, StartupError } from "./compose/data-dir.js";
export * from "./compose/offline-commands.js";
/** An emulator's seed file, read and checked before anything is opened (a bad one stops the start, naming the entry). */
function loadSeed(file: string): SeedDocument {
  try {
    return parseSeedDocument(readSeedFile(file));
  } catch (error) {
    throw new StartupError(`the seed file ${file}: ${(error as Error).message}`);
  }
}

/** The disk reserve: the configuration's, else the environment's, else 64 MiB checked every 5 s. */
function diskReserveSettings(config: Pick<StrongboxConfig, "diskReserveBytes" | "diskReserveCheckMs" | "emulator">, env: Readonly<Record<string, string | undefined>>): { bytes: number; checkMs: number } {
  const read = (name: string, fallback: number, min: number): number => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    if (!/^[0-9]{1,13}$/.test(text) || Number(text) < min) throw new StartupError(`${name} must be a whole number${min > 0 ? ` of at least ${min}` : ""}, not "${text}"`);
    return Number(text);
  };
  return {
    // An emulator holds throw-away state for tests: no reserve unless asked for.
    bytes: config.diskReserveBytes ?? read("STRONGBOX_DISK_RESERVE_BYTES", config.emulator === true ? 0 : 64 * 1024 * 1024, 0),
    checkMs: config.diskReserveCheckMs ?? read("STRONGBOX_DISK_RESERVE_CHECK_MS", 5_000, 10),
  };
}

export interface StrongboxConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly partition?: string;
  readonly dev: boolean;
  /** Emulator mode (docs/emulator.md): any syntactically valid credentials are accepted; implies a dev seal. */
  readonly emulator?: boolean;
  /** Emulator mode: a YAML or JSON file of keys, aliases, secrets and parameters to make at start and after each reset. */
  readonly seedFile?: string;
  readonly logLevel: LogLevel;
  /** Where time comes from; tests pass a clock they can move. */
  readonly clock?: Clock;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logDestination?: NodeJS.WritableStream;
  /** One-time notices for the operator (the generated admin credentials). Defaults to stderr. */
  readonly announce?: (text: string) => void;
  readonly lifecycleIntervalMs?: number;
  /** Thresholds of the findings rules (tests lower them). */
  readonly findingThresholds?: Partial<FindingThresholds>;
  /** Where findings are POSTed as JSON (also STRONGBOX_FINDINGS_WEBHOOK_URL). */
  readonly findingsWebhookUrl?: string;
  /** Rotation webhooks by function name (RotationLambdaARN ...:function:<name>); also STRONGBOX_ROTATION_WEBHOOKS="name=url,...". */
  readonly rotationWebhooks?: Readonly<Record<string, string>>;
  /** The HMAC key rotation webhooks verify requests with (also STRONGBOX_ROTATION_WEBHOOK_SIGNING_KEY). */
  readonly rotationWebhookSigningKey?: string;
  /** Where Parameter Store's policy events are POSTed as JSON (also STRONGBOX_PARAMETER_EVENTS_WEBHOOK_URL). */
  readonly parameterEventsWebhookUrl?: string;
  /** What a connection or request may take (http/limits.ts); each also STRONGBOX_MAX_* / STRONGBOX_*_TIMEOUT_MS. */
  readonly limits?: Partial<HttpLimits>;
  /** How often the audit trail is sealed by a signed digest (default a minute). */
  readonly auditDigestIntervalMs?: number;
  /** Disk space held back for the audit trail when the disk fills (also STRONGBOX_DISK_RESERVE_BYTES; 0: none). */
  readonly diskReserveBytes?: number;
  /** How often that reserve is looked at (also STRONGBOX_DISK_RESERVE_CHECK_MS; default 5 s). */
  readonly diskReserveCheckMs?: number;
  /** For an HSM seal: read the token PIN from this file instead of the one named at init. */
  readonly hsmPinFile?: string;
  /** For an HSM seal that cannot be opened at start: how often to try again (default 5 s). */
  readonly hsmRetryMs?: number;
  /**
   * CloudHSM cluster ids and the PKCS#11 tokens they map to, for custom key stores: the map
   * itself, or the path of a JSON file holding it (also STRONGBOX_HSM_CLUSTERS, a path).
   */
  readonly hsmClusters?: string | Readonly<Record<string, ClusterTarget>>;
  /**
   * Set in each worker of `strongbox server --workers N` (see docs/workers.md): which slot it
   * fills (slot 1 owns the background jobs), and whether the operator had sealed the cluster.
   */
  readonly worker?: { readonly slot: number; readonly count: number; readonly startSealed: boolean };
  /**
   * Serve Prometheus metrics at GET /metrics on this address, a listener of its own, never the
   * API port (`--metrics-port`, `--metrics-host`; docs/metrics.md). Off when absent. With several
   * workers the primary serves every worker's metrics summed. STRONGBOX_METRICS_TOKEN, when set,
   * is the bearer token a scrape must carry.
   */
  readonly metrics?: { readonly host: string; readonly port: number };
}

export interface ParameterLifecycleReport {
  readonly parametersExpired: number;
  readonly parameterNotifications: number;
}

export interface Strongbox {
  readonly url: string;
  readonly port: number;
  /** Where GET /metrics is served, when the metrics port is on (a single process; workers leave it to the primary). */
  readonly metricsUrl?: string;
  readonly sealed: boolean;
  readonly version: string;
  /** Unseals with the operator passphrase; false when it is wrong. */
  unseal(passphrase: SecretBytes): Promise<boolean>;
  /** Offers one unseal share (as its text); the caller keeps ownership of it. */
  offerShare(share: SecretBytes): Promise<UnsealOutcome>;
  seal(): void;
  /** Re-wraps every barrier term under a new root key, online. */
  rotateRoot(): Promise<{ rootKey: string; barrierTerms: number }>;
  /** Runs the deletion and rotation sweep now (it also runs on a timer). */
  runLifecycle(): Promise<LifecycleReport & { readonly secretsDeleted: number; readonly secretRotationsRun: number } & ParameterLifecycleReport>;
  /** The audit trail's writer (tests drain it). */
  readonly auditLog: AuditLog;
  /** Seals the records written since the last digest now (it also runs on a timer). */
  sealAuditDigest(): Promise<unknown>;
  /** Resolves once the findings rules have read everything recorded so far. */
  drainFindings(): Promise<void>;
  /** Custom key stores that are connected, failed or connecting (for /health): a FAILED one is degraded service. */
  keyStoreHealth(): KeyStoreHealth[];
  close(): Promise<void>;
}


const FAILED_UNSEAL_PAUSE_MS = 1000;
const CACHE_SWEEP_INTERVAL_MS = 10_000;
/** With several workers: how often worker 1 reads the trail for the findings rules. */
const AUDIT_FOLLOW_INTERVAL_MS = 250;


/** The cluster map of custom key stores: StrongboxConfig.hsmClusters, else the file STRONGBOX_HSM_CLUSTERS names; empty if neither. */
function loadHsmClusters(config: StrongboxConfig, env: Readonly<Record<string, string | undefined>>): ClusterDirectory {
  const source = config.hsmClusters ?? env.STRONGBOX_HSM_CLUSTERS;
  if (source === undefined || source === "") return new Map();
  try {
    return parseClusterDirectory(typeof source === "string" ? JSON.parse(readFileSync(source, "utf8")) : source);
  } catch (error) {
    throw new StartupError(`the HSM cluster map ${typeof source === "string" ? source : "(hsmClusters)"} is not usable: ${(error as Error).message}`);
  }
}

/**
 * The data dir's seal configuration at server start; a --dev start initialises an empty data dir
 * with the insecure dev root key first. Refuses a data dir that does not match --dev.
 */
async function sealAtStart(store: Store, config: Pick<StrongboxConfig, "dataDir" | "dev">, clock: Clock): Promise<SealConfig> {
  const sealConfig = await store.system.sealConfig();
  if (sealConfig === undefined) {
    if (!config.dev) {
      throw new StartupError(`${config.dataDir} is not initialised: run \`strongbox init --data-dir ${config.dataDir}\`, or start with --dev for an insecure development setup`);
    }
    const devKeyExists = existsSync(join(config.dataDir, DEV_ROOT_KEY_FILE));
    const rootKey = devKeyExists ? loadDevRootKey(config.dataDir) : createDevRootKey(config.dataDir);
    try {
      await initializeBarrier({ system: store.system, clock, randomBytes: secureRandomBytes }, { type: "dev" }, rootKey);
    } finally {
      rootKey.close();
    }
    return { type: "dev" };
  }
  if (sealConfig.type === "dev" && !config.dev) {
    throw new StartupError(`${config.dataDir} was initialised by --dev with an insecure root key; start it with --dev, or initialise a new data dir with \`strongbox init\``);
  }
  return sealConfig;
}


/** A caller's AllowedPattern gets this long per check (a value is at most 8 KB). */
const ALLOWED_PATTERN_TIMEOUT_MS = 50;

export async function startStrongbox(config: StrongboxConfig): Promise<Strongbox> {
  const partition = config.partition ?? "aws";
  // The emulator's clock can be moved forward (time travel); a test's clock is its own.
  const emulatorClock = config.emulator === true && config.clock === undefined ? new EmulatorClock() : undefined;
  const clock = config.clock ?? emulatorClock ?? systemClock;
  const env = config.env ?? process.env;
  const logger = makeLogger(config.logLevel, config.logDestination);
  const announce = config.announce ?? ((text: string) => process.stderr.write(text));
  const version = packageVersion();
  const hsmClusters = loadHsmClusters(config, env);
  // Checked before anything is opened, so that a refusal leaves nothing running.
  const limits = httpLimits(env, config.limits);
  const seed = config.seedFile === undefined ? undefined : loadSeed(config.seedFile);
  const metricsToken = metricsTokenFrom(env);
  const findingsWebhook = config.findingsWebhookUrl ?? env.STRONGBOX_FINDINGS_WEBHOOK_URL;
  const deliverFinding = findingsWebhook !== undefined ? jsonWebhook(findingsWebhook, "STRONGBOX_FINDINGS_WEBHOOK_URL") : undefined;
  const parameterEventsUrl = config.parameterEventsWebhookUrl ?? env.STRONGBOX_PARAMETER_EVENTS_WEBHOOK_URL;
  const deliverParameterEvent = parameterEventsUrl !== undefined ? jsonWebhook(parameterEventsUrl, "STRONGBOX_PARAMETER_EVENTS_WEBHOOK_URL") : undefined;
  const rotationWebhooks = config.rotationWebhooks ?? parseWebhookList(env.STRONGBOX_ROTATION_WEBHOOKS ?? "");
  const signingKeyText = config.rotationWebhookSigningKey ?? env.STRONGBOX_ROTATION_WEBHOOK_SIGNING_KEY;
  // A webhook must be able to check who calls it: no webhooks without a key they share.
  if (Object.keys(rotationWebhooks).length > 0 && (signingKeyText === undefined || signingKeyText.length < 32)) {
    throw new Error("rotation webhooks are configured, but STRONGBOX_ROTATION_WEBHOOK_SIGNING_KEY (or rotationWebhookSigningKey) is not set to at least 32 characters");
  }
  // The server's audit batches are written by a thread of their own, off the event loop, and WAL
  // checkpoints by another, so that no commit pauses to copy the log into the database file.
  const reserve = diskReserveSettings(config, env);
  requireWritableDataDir(config.dataDir);
  const store = openStore(config.dataDir, partition, {
    auditWriterThread: true,
    checkpointThread: true,
    onBackgroundProblem: (problem) => {
      logger.error({ problem }, "a storage thread failed");
      storage.noteFailure(new Error(problem));
    },
  });
  const storage =
    reserve.bytes === 0
      ? NO_RESERVE
      : new DiskReserve({
          path: join(config.dataDir, DISK_RESERVE_FILE),
          bytes: reserve.bytes,
          checkIntervalMs: reserve.checkMs,
          onChange: (short, reason) =>
            short
              ? logger.error({ reason }, "the store is out of disk space: changes are refused, reads go on (each recorded in the trail on the reserve)")
              : logger.warn({ reason }, "the store has room again: changes are served"),
        });
  if (storage instanceof DiskReserve) storage.start();
  /** Request and event ids carry the machine's time (time-ordered ids keep the trail's index compact). */
  const newRequestId = () => randomRequestId(Date.now());
  // Milliseconds for the caches, asked several times a request: no Date object for the system clock.
  const now = clock === systemClock ? Date.now : () => clock.now().getTime();

  const vault = new Vault(store.system, secureRandomBytes);
  // IVs, data keys and ids on the request path come from a pool of CSPRNG output (one refill per
  // few hundred calls); key material and barrier keys keep the direct source.
  const randomPool = new RandomPool();
  vault.onSeal(() => randomPool.wipe());
  // What other processes must forget when this one changes something they may have cached. One
  // process: delivered here only. A worker of several: also relayed through the primary to the others.
  const worker = config.worker;
  const onInvalidationError = (error: unknown, event: { kind: string }) => logger.error({ err: String(error), kind: event.kind }, "acting on an invalidation event failed");
  const invalidation: Invalidation & { close?: () => void } =
    worker !== undefined ? new IpcInvalidation(processChannel(), onInvalidationError) : new LocalInvalidation(onInvalidationError);
  /** With several workers only slot 1 runs the lifecycle sweep and seals audit digests: they must not run twice over. */
  const runsBackgroundJobs = worker === undefined || worker.slot === 1;
  const workerDetails = worker !== undefined ? { worker: worker.slot } : {};
  // The PKCS#11 modules this process loads, once each (the HSM seal and custom key stores share
  // them: a token's login is per process), finalised at close.
  const pkcs11Libraries = new Pkcs11Libraries();
  const hsmConnector = pkcs11Connector(pkcs11Libraries);
  // What a cache may serve at most this long after a change whose message to the other workers
  // was lost (a worker dying between its commit and its send): shorter with several workers.
  const staleBoundMs = worker !== undefined ? 10_000 : 60_000;
  // Each cache counts its lookups here (two integers a lookup); the metrics port reads them.
  const cacheCounts = newCacheCounts();
  // KMS keys and aliases are read from memory after first use; every write through them forgets
  // what it wrote, here at once and in the other workers by message.
  const keys = new CachedKeyRepository(store.keys, { maxEntries: 20_000, maxAgeMs: staleBoundMs, now, counts: cacheCounts.key }, (locator) => invalidation.publish({ kind: "key", locator }));
  const aliases = new CachedAliasRepository(store.aliases, { maxEntries: 20_000, maxAgeMs: staleBoundMs, now, counts: cacheCounts.alias }, (alias) => invalidation.publish({ kind: "alias", ...alias }));
  // IAM users' and roles' inline policies likewise (a write forgets the principal's entry); a lost
  // message between workers is bounded by the shorter age, as for access keys below.
  // Bounded in memory too: 5,000 principals of at most 10 KiB of policies each (a role's limit).
  const iam = withCachedInlinePolicies(store.iam, { maxEntries: 5_000, maxAgeMs: staleBoundMs, now, counts: cacheCounts.inline_policies }, (holder) =>
    invalidation.publish({ kind: "inlinePolicies", ...holder }),
  );
  // Each key's grants likewise (CreateGrant, RetireGrant, RevokeGrant forget the key's entry):
  // 2,000 keys of at most MAX_CACHED_GRANTS_PER_KEY grants each.
  const grants = withCachedGrantLookups(store.grants, { maxEntries: 2_000, maxAgeMs: staleBoundMs, now, counts: cacheCounts.grants }, (locator) =>
    invalidation.publish({ kind: "grants", locator }),
  );
  const material = new KeyMaterialVault(
    { keys, barrier: () => vault.barrier(), randomBytes: secureRandomBytes, onForget: (locator) => invalidation.publish({ kind: "key", locator }) },
    { maxEntries: 10_000, maxAgeMs: 5 * 60_000, now, counts: cacheCounts.key_material },
  );
  // With several workers a revocation also reaches the others by message; the shorter age bounds
  // the one that could be lost (a worker dying between its commit and its message).
  const directory = new AccessKeyDirectory(
    { credentials: store.credentials, iam, partition, barrier: () => vault.barrier() },
    { maxEntries: 10_000, maxAgeMs: staleBoundMs, now, counts: cacheCounts.access_key },
  );
  // Secrets and their sealed versions likewise (never a plaintext: values are opened per request).
  const secrets = new CachedSecretRepository(store.secrets, { maxEntries: 20_000, maxAgeMs: staleBoundMs, now, counts: cacheCounts.secret }, (write) => invalidation.publish({ kind: "secret", ...write }));
  vault.onSeal(() => {
    material.wipe();
    directory.wipe();
    keys.forgetAll();
    aliases.forgetAll();
    iam.forgetAll();
    grants.forgetAll();
    secrets.forgetAll();
  });
  const parsedPolicies = new ParsedPolicies({ maxEntries: 2_000, maxAgeMs: 10 * 60_000, now, counts: cacheCounts.parsed_policy });
  const gate = makePolicyGate({
    identityPolicies: makeIdentityPolicySource({ iam }),
    grants,
    aliases,
    parsed: parsedPolicies,
  });
  const principals = makePrincipalDirectory({ iam, accounts: store.accounts, partition });
  // ── Custom key stores: one PKCS#11 module load per library for the process; sessions end on seal. ──
  const keyStores = new KeyStores({
    repo: store.customKeyStores,
    connector: hsmConnector,
    clusters: hsmClusters,
    barrier: () => vault.barrier(),
    logger,
  });
  vault.onSeal(() => keyStores.closeAll());
  const kmsDeps = {
    customKeyStores: store.customKeyStores,
    keyStores,
    onKeyStoreConnection: (locator: CustomKeyStoreLocator, connect: boolean) => invalidation.publish({ kind: "customKeyStore", locator, connect }),
    keys,
    aliases,
    grants,
    resolveKey: makeKeyResolver({ keys, aliases }),
    material,
    barrier: () => vault.barrier(),
    clock,
    randomBytes: randomPool.take,
    authorizeKey: gate.authorizeKey,
    principals,
    usageHistory: store.audit,
    authorize: gate.authorize,
  };
  const configRecorder = makeConfigRecorder({ keys, aliases, grants, history: store.configHistory, logger });
  const kmsOperations = recordingConfigurationChanges(makeKmsOperations(kmsDeps), { resolveKey: kmsDeps.resolveKey, aliases, recorder: configRecorder });
  const simulationActions = simulatedActions(Object.values(kmsOperations).map((operation) => operation.action));
  // The audit trail: every call and every internal event, hash-chained, sealed by signed digests.
  const findings = makeFindingsService({
    detector: new FindingDetector(config.findingThresholds ?? {}),
    findings: store.findings,
    audit: store.audit,
    authorize: gate.authorize,
    logger,
    ...(deliverFinding !== undefined ? { deliver: deliverFinding } : {}),
  });
  // The findings rules read every durable batch. A worker writes only its share of the trail, so
  // with several the rules run once, in worker 1, over the trail as the store holds it.
  const auditFollower = worker !== undefined && runsBackgroundJobs ? makeAuditFollower({ repo: store.audit, onEvents: (events) => findings.observe(events) }) : undefined;
  const auditLog = new AuditLog(store.audit, worker === undefined ? (events) => findings.observe(events) : undefined);
  await auditFollower?.start();
  const followAudit = () => auditFollower?.poll().catch((error: unknown) => logger.error({ err: String(error) }, "reading the audit trail for the findings rules failed"));
  const auditFollowTimer = auditFollower !== undefined ? setInterval(() => void followAudit(), AUDIT_FOLLOW_INTERVAL_MS) : undefined;
  auditFollowTimer?.unref();
  // Workers append to one chain: each batch is chained on the tail read inside its own write
  // transaction (adapters/sqlite/audit-repository.ts), so no worker can fork it.
  const recordAudit = (event: AuditEvent) => auditLog.record(event);
  const digestDeps = { repo: store.audit, barrier: () => vault.barrier(), clock, randomBytes: secureRandomBytes };
  const recordServiceEvent = (eventName: string, details: Record<string, unknown>, resources?: { accountId: string; type: string; ARN: string }[]) =>
    recordAudit(
      serviceEvent({ eventName, accountId: config.accountId, region: config.region, time: clock.now(), eventId: newRequestId(), details, ...(resources ? { resources } : {}) }),
    );
  // Secrets Manager: values sealed under data keys from KMS, which it calls in process as the caller (kms:ViaService).
  const managedKeyFor = makeAwsManagedKeys({
    ...kmsDeps,
    onCreated: (key, service) =>
      recordAudit(
        serviceEvent({
          eventName: "CreateKey",
          accountId: key.accountId,
          region: key.region,
          time: clock.now(),
          eventId: newRequestId(),
          details: { keyId: key.arn, keyManager: "AWS", aliasName: `alias/aws/${service}` },
          resources: [{ accountId: key.accountId, type: "AWS::KMS::Key", ARN: key.arn }],
        }),
      ),
  });
  const secretsDeps = {
    authorize: gate.authorize,
    randomBytes: secureRandomBytes,
    secrets,
    kms: makeKmsViaService({
      service: "secretsmanager",
      generateDataKey: kmsOperations.GenerateDataKey.handler,
      decrypt: kmsOperations.Decrypt.handler,
      managedKeyFor,
      recordAudit,
      newRequestId,
    }),
  };
  // Rotation: built-in rotators and operator-named webhooks, run in the background as the identity that configured rotation.
  const webhookSigningKey = Buffer.from(signingKeyText ?? "", "utf8");
  const functionFor = rotationFunctions({
    webhooks: rotationWebhooks,
    webhookSigningKey,
    random: { bytes: secureRandomBytes },
    clock,
  });
  const rotationApiDeps = {
    getSecretValue: makeGetSecretValue(secretsDeps),
    describeSecret: makeDescribeSecret(secretsDeps),
    putSecretValue: makePutSecretValue(secretsDeps),
    updateSecretVersionStage: makeUpdateSecretVersionStage(secretsDeps),
    getRandomPassword: makeGetRandomPassword(secretsDeps),
    recordAudit,
    newRequestId,
    now: () => clock.now(),
  };
  const rotationRunner = makeRotationRunner({
    secrets,
    functionFor,
    principals,
    api: (ctx) => rotationApi(rotationApiDeps, ctx),
    clock,
    randomBytes: secureRandomBytes,
    newRequestId,
    partition,
    logger,
    onEvent: (eventName, secret, details) =>
      recordAudit(
        serviceEvent({
          eventName,
          eventSource: "secretsmanager.amazonaws.com",
          accountId: secret.accountId,
          region: secret.region,
          time: clock.now(),
          eventId: newRequestId(),
          details: { arn: secret.arn, ...details },
          resources: [{ accountId: secret.accountId, type: "AWS::SecretsManager::Secret", ARN: secret.arn }],
        }),
      ),
  });
  const secretsOperations = makeSecretsOperations({
    ...secretsDeps,
    functionFor,
    startRotation: (arn) => void rotationRunner.rotate(arn).catch((error: unknown) => logger.error({ secretArn: arn, err: String(error) }, "secret rotation failed")),
  });
  const lifecycle = makeKeyLifecycle({
    ...kmsDeps,
    logger,
    onEvent: async (event) => {
      await recordServiceEvent(
        event.eventName,
        { keyId: event.key.arn, ...(event.keyMaterialId ? { keyMaterialId: event.keyMaterialId } : {}) },
        [{ accountId: event.key.accountId, type: "AWS::KMS::Key", ARN: event.key.arn }],
      );
      await configRecorder.capture(event.key, event.eventName, event.time);
    },
  });
  const secretLifecycle = makeSecretLifecycle({
    secrets,
    logger,
    onDeleted: (arn, time) =>
      recordAudit(
        serviceEvent({
          eventName: "DeleteSecret",
          accountId: arn.split(":")[4] ?? config.accountId,
          region: config.region,
          time,
          eventId: newRequestId(),
          details: { arn },
          resources: [{ accountId: arn.split(":")[4] ?? config.accountId, type: "AWS::SecretsManager::Secret", ARN: arn }],
        }),
      ),
  });
  // Parameter Store: SecureString values sealed like secrets, through KMS as the caller; policies run in the same sweep.
  const parametersDeps = {
    authorize: gate.authorize,
    randomBytes: secureRandomBytes,
    parameters: store.parameters,
    defaultTier: "Standard" as const,
    matchPattern: boundedMatcher(ALLOWED_PATTERN_TIMEOUT_MS),
    kms: makeKmsViaService({ service: "ssm", generateDataKey: kmsOperations.GenerateDataKey.handler, decrypt: kmsOperations.Decrypt.handler, managedKeyFor, recordAudit, newRequestId }),
  };
  const parameterLifecycle = makeParameterLifecycle({
    parameters: store.parameters,
    logger,
    onAction: async (action) => {
      const eventId = newRequestId();
      const details = { parameterName: action.parameter.name, policyType: action.policyType, actionStatus: "Finished", actionReason: action.reason };
      const resources = [{ accountId: action.parameter.accountId, type: "AWS::SSM::Parameter", ARN: action.parameter.arn }];
      await recordAudit(
        serviceEvent({ eventName: action.policyType === "Expiration" ? "DeleteParameter" : "ParameterPolicyNotification", accountId: action.parameter.accountId, region: action.parameter.region, time: action.time, eventId, details, resources }),
      );
      // The trail is the record; the webhook is told at most once, and a failed delivery is logged, not retried.
      await deliverParameterEvent?.(policyActionEvent(action, eventId)).catch((error: unknown) => logger.error({ err: String(error) }, "delivering a parameter policy event failed"));
    },
  });
  const runLifecycles = async () => ({
    ...(await lifecycle.runDue()),
    secretsDeleted: await secretLifecycle.deleteDue(clock.now()),
    secretRotationsRun: await rotationRunner.runDue(),
  });
  const runAllLifecycles = async () => ({ ...(await runLifecycles()), ...(await parameterLifecycle.runDue(clock.now())) });
  // The timer's sweeps and the emulator's time travel take turns: one sweep at a time.
  let lifecycleTurn: Promise<unknown> = Promise.resolve();
  const runLifecyclesInTurn = () => {
    const next = lifecycleTurn.catch(() => undefined).then(runAllLifecycles);
    lifecycleTurn = next;
    return next;
  };
  let digestTimer: NodeJS.Timeout | undefined;
  // One digest at a time: the timer and shutdown must not race for the same records.
  let digestInFlight: Promise<void> = Promise.resolve();
  const sealAuditDigest = (): Promise<void> => {
    digestInFlight = digestInFlight.then(async () => {
      try {
        await auditLog.drain();
        if (!vault.sealed) await sealDigest(digestDeps);
      } catch (error) {
        logger.error({ err: String(error) }, "sealing an audit digest failed");
      }
    });
    return digestInFlight;
  };
  // IAM and STS, behind the same policy gate.
  const iamDeps = {
    iam,
    accounts: store.accounts,
    credentials: store.credentials,
    barrier: () => vault.barrier(),
    randomBytes: secureRandomBytes,
    authorize: gate.authorize,
    principals,
    forgetAccessKey: (accessKeyId: string) => invalidation.publish({ kind: "accessKey", id: accessKeyId }),
  };
  let lifecycleTimer: NodeJS.Timeout | undefined;

  async function afterUnseal(): Promise<void> {
    const fromEnvironment = adminFromEnvironment(env);
    let result;
    try {
      result = await bootstrapAdmin(
        { accounts: store.accounts, credentials: store.credentials, barrier: vault.barrier(), clock, randomBytes: secureRandomBytes },
        { partition, accountId: config.accountId },
        fromEnvironment,
      );
    } finally {
      fromEnvironment?.secretAccessKey.dispose();
    }
    if (result.outcome === "generated") {
      const { accessKeyId, secretAccessKey } = result.credentials;
      const secret = exposeSecretBytes(secretAccessKey);
      try {
        const path = join(config.dataDir, ADMIN_CREDENTIALS_FILE);
        const document = { accountId: config.accountId, accessKeyId, secretAccessKey: secret.toString("utf8"), region: config.region };
        writeFileSync(path, JSON.stringify(document, null, 2) + "\n", { mode: 0o600 });
        chmodSync(path, 0o600);
        announce(
          `\nStrongbox generated the admin credentials of account ${config.accountId} (shown once; also in ${path}, mode 0600):\n` +
            `  AWS_ACCESS_KEY_ID=${accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${secret.toString("utf8")}\n\n`,
        );
      } finally {
        secret.fill(0);
        secretAccessKey.dispose();
      }
      logger.warn({ accessKeyId, file: ADMIN_CREDENTIALS_FILE }, "generated admin credentials for the account root");
    } else if (result.outcome === "from-environment") {
      logger.info({ accessKeyId: result.accessKeyId }, "admin credentials taken from STRONGBOX_ADMIN_ACCESS_KEY_ID");
    } else if (env.STRONGBOX_ADMIN_ACCESS_KEY_ID && (worker === undefined || worker.slot === 1)) {
      logger.info({}, "the account root has its access key already; STRONGBOX_ADMIN_* apply at first start only");
    }
    let sweeping = false;
    const sweep = async () => {
      // Deletions and rotations are changes: they wait while the disk is full.
      if (sweeping || vault.sealed || storage.shortOfSpace()) return;
      sweeping = true;
      try {
        await runLifecyclesInTurn();
      } catch (error) {
        logger.error({ err: String(error) }, "key lifecycle sweep failed");
      } finally {
        sweeping = false;
      }
    };
    await recordServiceEvent("Unseal", workerDetails);
    // Custom key stores an operator left connected come back connected (before the sweep, which may delete their keys).
    await keyStores.reconnectRequested().catch((error: unknown) => logger.error({ err: String(error) }, "reconnecting custom key stores failed"));
    if (!runsBackgroundJobs) return;
    await sweep();
    lifecycleTimer = setInterval(sweep, config.lifecycleIntervalMs ?? 60_000);
    lifecycleTimer.unref();
    digestTimer = setInterval(() => void sealAuditDigest(), config.auditDigestIntervalMs ?? 60_000);
    digestTimer.unref();
  }

  const seals = new SealController({
    system: store.system,
    vault,
    openers: { passphrase: unlockPassphraseSeal, decodeShare, isShareOf, shamir: openShamirSeal, hsm: (sealConfig) => openHsmSeal(hsmConnector, sealConfig, config.hsmPinFile) },
    logger,
    onUnsealed: afterUnseal,
    onSealing: stopTimers,
    recordAttempt: (details) => recordServiceEvent("UnsealAttempt", details),
    failurePauseMs: FAILED_UNSEAL_PAUSE_MS,
  });
  function stopTimers(): void {
    if (lifecycleTimer !== undefined) clearInterval(lifecycleTimer);
    lifecycleTimer = undefined;
    if (digestTimer !== undefined) clearInterval(digestTimer);
    digestTimer = undefined;
  }

  // HSM auto-unseal: at start, and again every few seconds while the token refuses (it may come
  // back: a token re-inserted, a PIN file fixed), until opened or sealed on purpose.
  let hsmRetry: NodeJS.Timeout | undefined;
  let closing = false;
  let sealType: SealConfig["type"] | undefined;
  async function autoUnsealThroughHsm(): Promise<void> {
    hsmRetry = undefined;
    const outcome = await seals.offer({ kind: "hsm" }, { sourceIp: "strongbox-internal" });
    if (outcome.accepted || closing) return;
    logger.error({ problem: outcome.message }, "the HSM seal did not open; trying again");
    hsmRetry = setTimeout(() => void autoUnsealThroughHsm().catch((error: unknown) => logger.error({ err: String(error) }, "HSM auto-unseal failed")), config.hsmRetryMs ?? 5_000);
    hsmRetry.unref();
  }

  try {
    const sealConfig = await sealAtStart(store, config, clock);
    sealType = sealConfig.type;
    if (config.worker?.startSealed) {
      logger.warn({ worker: config.worker.slot }, "starting sealed: the operator sealed the other workers");
    } else if (sealConfig.type === "dev") {
      logger.warn({ dataDir: config.dataDir }, "INSECURE dev mode: the root key is stored unprotected in the data dir; never keep real keys here");
      if (config.emulator === true) logger.warn({ defaultAccountId: config.accountId }, "EMULATOR mode: any syntactically valid credentials are accepted (docs/emulator.md); never expose this server");
      await seals.unsealWith(devSeal(loadDevRootKey(config.dataDir)));
    } else if (sealConfig.type === "pkcs11") {
      await autoUnsealThroughHsm();
    } else {
      logger.info({ dataDir: config.dataDir, seal: sealConfig.type }, "sealed: waiting for an operator to unseal (POST /sys/unseal or `strongbox unseal`)");
    }
  } catch (error) {
    clearInterval(auditFollowTimer);
    seals.seal();
    keyStores.closeAll();
    pkcs11Libraries.close();
    await store.close();
    throw error;
  }

  // /health: a root-of-trust token that stopped answering, or a custom key store that failed, degrades
  // the service. It answers without authentication, so it counts stores by state and names no store:
  // DescribeCustomKeyStores (signed) says which one and why.
  async function healthOfHsms(): Promise<{ degraded: boolean; rootOfTrust?: string; customKeyStores?: Record<string, number>; worker?: number }> {
    const root = await seals.health();
    const stores = keyStores.health();
    const byState: Record<string, number> = {};
    for (const store of stores) byState[store.state] = (byState[store.state] ?? 0) + 1;
    return { ...root, degraded: root.degraded || (byState.FAILED ?? 0) > 0, ...(stores.length > 0 ? { customKeyStores: byState } : {}), ...workerDetails };
  }

  // Sealing on request: recorded (unless shutdown recorded it already), then every unwrapped key wiped.
  function seal(options: { recorded?: boolean } = {}): void {
    if (hsmRetry !== undefined) clearTimeout(hsmRetry);
    hsmRetry = undefined;
    if (!vault.sealed && !options.recorded) void recordServiceEvent("Seal", {}).catch((error: unknown) => logger.error({ err: String(error) }, "recording the seal failed"));
    seals.seal();
  }
  // The operator's seal seals every worker; a worker that closes (shutdown, restart) seals only itself.
  function sealEverywhere(): void {
    seal();
    invalidation.publish({ kind: "seal" });
  }
  const systemOperations = makeSystemOperations({ authorize: gate.authorize, operatorAccountId: config.accountId, seal: sealEverywhere, rotateRoot: () => seals.rotateRoot() });
  // An HSM seal opened by the operator on one worker is opened by every other worker itself (each
  // logs in to the token: PKCS#11 sessions are per process). Shamir and passphrase seals cannot
  // run with several workers (startStrongboxWorkers refuses them), and a --dev one stays sealed until restart.
  async function offerUnseal(offer: UnsealOffer, source: { sourceIp: string }): Promise<UnsealOutcome> {
    const wasSealed = vault.sealed;
    const outcome = await seals.offer(offer, source);
    if (wasSealed && !vault.sealed) invalidation.publish({ kind: "unseal" });
    return outcome;
  }
  // Another worker's operator call connected or disconnected a store (here: already done). A
  // sealed worker connects what was requested when it unseals; a FAILED store waits for a disconnect.
  async function followKeyStore(locator: CustomKeyStoreLocator, connect: boolean): Promise<void> {
    if (vault.sealed) return;
    if (!connect) return keyStores.disconnect(locator);
    if (keyStores.status(locator).state !== "DISCONNECTED") return;
    const definition = await store.customKeyStores.get(locator);
    if (definition !== undefined && !vault.sealed) keyStores.connect(definition);
  }
  invalidation.subscribe((event) => {
    if (event.kind === "accessKey") directory.forget(event.id);
    else if (event.kind === "key") {
      material.drop(event.locator);
      keys.forget(event.locator);
    } else if (event.kind === "alias") aliases.forget(event);
    else if (event.kind === "inlinePolicies") iam.forget(event);
    else if (event.kind === "grants") grants.forget(event.locator);
    else if (event.kind === "secret") secrets.forget(event);
    else if (event.kind === "all") {
      directory.wipe();
      material.wipe();
      keys.forgetAll();
      aliases.forgetAll();
      iam.forgetAll();
      grants.forgetAll();
      secrets.forgetAll();
    } else if (event.kind === "seal") seal({ recorded: true });
    else if (event.kind === "customKeyStore") {
      followKeyStore(event.locator, event.connect).catch((error: unknown) => logger.error({ err: String(error), customKeyStoreId: event.locator.id }, "following a custom key store's connection failed"));
    }
    else if (event.kind === "unseal" && vault.sealed && sealType === "pkcs11" && !closing && hsmRetry === undefined) void autoUnsealThroughHsm();
  });

  // Expired cache entries are wiped on time even when nobody asks for them again.
  const cacheSweeper = setInterval(() => {
    material.sweepExpired();
    directory.sweepExpired();
    keys.sweepExpired();
    aliases.sweepExpired();
    parsedPolicies.sweepExpired();
    iam.sweepExpired();
    grants.sweepExpired();
    secrets.sweepExpired();
  }, CACHE_SWEEP_INTERVAL_MS);
  cacheSweeper.unref();

  // Metrics only when the operator asked for the port: without it the listener counts nothing.
  const metrics =
    config.metrics === undefined
      ? undefined
      : makeProcessMetrics({
          isSealed: () => vault.sealed,
          caches: cacheCounts,
          rootOfTrustUp: async () => (sealType === "pkcs11" ? !(await seals.health()).degraded : undefined),
          customKeyStoreStates: () => keyStores.health().map((held) => held.state),
        });
  // The JSON services, named: an emulator's seed calls their operations too.
  const seedServices = { kms: kmsService(kmsOperations), secretsmanager: secretsManagerService(secretsOperations), ssm: parameterStoreService(makeParametersOperations(parametersDeps)) };
  const applyTheSeed =
    seed === undefined
      ? undefined
      : () =>
          applySeed(
            {
              keys: store.keys,
              material,
              accounts: store.accounts,
              partition,
              defaults: { accountId: config.accountId, region: config.region },
              now: () => clock.now(),
              newRequestId,
              invoke: async (service, operation, input, ctx) => {
                const bound = seedServices[service].operations.get(operation);
                if (bound === undefined) throw new Error(`${service} has no operation ${operation}`);
                return bound.invoke(input, ctx);
              },
            },
            seed,
          );
  // Emulator mode (docs/emulator.md): any credentials, and a reset for test suites.
  const emulator =
    config.emulator === true
      ? (() => {
          const auth = makeEmulatorAuthenticator({ directory, accounts: store.accounts, clock, partition, defaultAccountId: config.accountId });
          // A reset, here or in another worker, reaches every process as "forget everything".
          invalidation.subscribe((event) => {
            if (event.kind === "all") auth.forgetCallers();
          });
          const reset = makeEmulatorReset({
            system: store.system,
            publish: (event) => invalidation.publish(event),
            record: (details) => recordServiceEvent("EmulatorReset", details),
            ...(applyTheSeed !== undefined ? { reseed: applyTheSeed } : {}),
            now: Date.now,
          });
          const travel =
            emulatorClock === undefined
              ? undefined
              : {
                  now: () => ({ now: clock.now().toISOString(), offsetSeconds: emulatorClock.offsetSeconds() }),
                  // Scheduled work fires as it would have: the sweeps run at once at the new time.
                  advance: async (seconds: number) => {
                    // A day at a time, sweeping after each day: every occurrence a long jump passes fires.
                    const lifecycle = await travelThroughTime(
                      { advance: (step) => emulatorClock.advance(step), sweep: async () => (vault.sealed ? {} : await runLifecyclesInTurn()) },
                      seconds,
                    );
                    await recordServiceEvent("EmulatorClockAdvanced", { advanceSeconds: seconds, offsetSeconds: emulatorClock.offsetSeconds(), ...lifecycle });
                    return { now: clock.now().toISOString(), offsetSeconds: emulatorClock.offsetSeconds(), lifecycle };
                  },
                };
          // The whole state as a backup file (dev root key included, marked INSECURE), for a CI job to start from.
          const exportState = async (): Promise<Buffer> => {
            const scratch = mkdtempSync(join(tmpdir(), "strongbox-export-"));
            try {
              const file = join(scratch, "state.backup");
              await backupDataDir(dataDirLayout(config.dataDir), file, { strongboxVersion: version, now: clock.now() });
              return readFileSync(file);
            } finally {
              rmSync(scratch, { recursive: true, force: true });
            }
          };
          return { authenticate: auth.authenticate, reset, travel, exportState };
        })()
      : undefined;
  const requestListener = makeRequestListener({
    queryServices: [iamQueryService(makeIamOperations(iamDeps)), stsQueryService(makeStsOperations(iamDeps))],
    services: [
      seedServices.kms,
      cloudTrailService(makeLookupEvents({ audit: store.audit, authorize: gate.authorize })),
      // Secrets Manager and Parameter Store (docs/secrets.md, docs/parameters.md).
      seedServices.secretsmanager,
      seedServices.ssm,
      adminService(
        (ctx, simulation) => simulateKeyAccess({ gate, resolveKey: kmsDeps.resolveKey, principals, actions: simulationActions }, ctx, simulation),
        makeConfigQueries({ history: store.configHistory, authorize: gate.authorize }),
        findings,
        systemOperations,
      ),
    ],
    authenticate: emulator?.authenticate ?? makeAuthenticator({ directory, clock, acceptsRegion: (region) => region === config.region, signingKeyCounts: cacheCounts.sigv4_signing_key }),
    system: makeSystemRoutes({
      ...makeUnsealRoutes({ isSealed: () => vault.sealed, status: () => seals.status(), offer: offerUnseal, health: () => healthOfHsms(), version }),
      ...(emulator !== undefined ? emulatorRoutes(emulator.reset, emulator.travel, emulator.exportState) : {}),
    }),
    isSealed: () => vault.sealed,
    signedPaths: { "POST /sys/seal": `${ADMIN_TARGET_PREFIX}Seal`, "POST /sys/rotate-root": `${ADMIN_TARGET_PREFIX}RotateRootKey` },
    clock,
    logger,
    newRequestId,
    recordAudit,
    defaultAccountId: config.accountId,
    partition,
    region: config.region,
    maxBodyBytes: limits.maxBodyBytes,
    maxJsonDepth: limits.maxJsonDepth,
    throttle: makeThrottle(limits, () => Date.now(), metrics?.throttled),
    storage,
    ...(metrics !== undefined ? { metrics } : {}),
  });
  // Which worker answered, for operators and tests (the slot only: /health is unauthenticated too).
  const server = makeHttpServer(
    worker === undefined
      ? requestListener
      : (req, res) => {
          res.setHeader("x-strongbox-worker", String(worker.slot));
          requestListener(req, res);
        },
    limits,
  );
  let port: number;
  let metricsServer: MetricsServer | undefined;
  try {
    if (applyTheSeed !== undefined && !vault.sealed) {
      const seeded = await applyTheSeed().catch((error: unknown) => {
        throw new StartupError(`the seed file ${config.seedFile}: ${(error as Error).message}`);
      });
      await recordServiceEvent("EmulatorSeeded", { ...seeded });
      logger.info({ seedFile: config.seedFile, ...seeded }, "seeded");
    }
    port = await listen(server, config.host, config.port);
    // A worker's metrics go to the primary, which alone listens on the metrics port.
    if (metrics !== undefined && config.metrics !== undefined && worker === undefined) {
      metricsServer = await startMetricsServer(config.metrics, { contentType: metrics.contentType, scrape: () => metrics.text(), ...metricsToken }, logger).catch((error: unknown) => {
        throw new StartupError((error as Error).message);
      });
    }
  } catch (error) {
    if (server.listening) server.close();
    clearInterval(cacheSweeper);
    clearInterval(auditFollowTimer);
    // The trail records the seal of a start that failed, before the store closes under it.
    if (!vault.sealed) await recordServiceEvent("Seal", workerDetails).catch((recordError: unknown) => logger.error({ err: String(recordError) }, "recording the seal failed"));
    closing = true;
    seal({ recorded: true });
    keyStores.closeAll();
    pkcs11Libraries.close();
    await store.close();
    throw error instanceof StartupError ? error : new StartupError(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  const stopAnsweringMetrics =
    metrics !== undefined && worker !== undefined ? answerMetricsRequests(processChannel(), () => metrics.snapshot(), (error) => logger.error({ err: String(error) }, "sending metrics to the primary failed")) : undefined;
  const url = httpUrl(config.host, port);
  if (worker !== undefined) logger.info({ url, worker: worker.slot, pid: process.pid, sealed: vault.sealed, backgroundJobs: runsBackgroundJobs }, "worker listening");
  else logger.info({ url, ...metricsUrlOf(metricsServer), dataDir: config.dataDir, region: config.region, accountId: config.accountId, version, sealed: vault.sealed }, "Strongbox listening");

  return {
    url,
    port,
    ...metricsUrlOf(metricsServer),
    version,
    get sealed() {
      return vault.sealed;
    },
    async unseal(passphrase) {
      return (await seals.offer({ kind: "passphrase", secret: passphrase }, { sourceIp: "in-process" })).accepted && !vault.sealed;
    },
    offerShare: (share) => seals.offer({ kind: "share", secret: share }, { sourceIp: "in-process" }),
    seal: sealEverywhere,
    rotateRoot: () => seals.rotateRoot(),
    runLifecycle: runAllLifecycles,
    auditLog,
    async close() {
      await closeServer(server);
      await metricsServer?.close();
      stopAnsweringMetrics?.();
      clearInterval(cacheSweeper);
      // Everything recorded, the Seal itself included, is durable and signed before the store closes.
      if (!vault.sealed) await recordServiceEvent("Seal", workerDetails).catch((error: unknown) => logger.error({ err: String(error) }, "recording the seal failed"));
      // Of several workers only the digest owner signs (the primary stops it last, so this covers every worker's records).
      if (runsBackgroundJobs) await sealAuditDigest();
      closing = true;
      seal({ recorded: true });
      invalidation.close?.();
      keyStores.closeAll();
      pkcs11Libraries.close();
      await auditLog.drain();
      clearInterval(auditFollowTimer);
      await followAudit();
      if (worker !== undefined) await findings.drain();
      if (worker !== undefined) logger.info({ worker: worker.slot, ...auditLog.stats() }, "worker stopped");
      if (storage instanceof DiskReserve) storage.close();
      await store.close();
    },
    sealAuditDigest,
    drainFindings: async () => {
      await followAudit();
      await findings.drain();
    },
    keyStoreHealth: () => keyStores.health(),
  };
}

/** The caches whose hits and misses the metrics report, by the name their label carries. */
function newCacheCounts(): Record<"key_material" | "access_key" | "sigv4_signing_key" | "parsed_policy" | "key" | "alias" | "grants" | "inline_policies" | "secret", CacheCounts> {
  const counts = () => ({ hits: 0, misses: 0 });
  return {
    key_material: counts(),
    access_key: counts(),
    sigv4_signing_key: counts(),
    parsed_policy: counts(),
    key: counts(),
    alias: counts(),
    grants: counts(),
    inline_policies: counts(),
    secret: counts(),
  };
}

function metricsUrlOf(server: MetricsServer | undefined): { metricsUrl?: string } {
  return server !== undefined ? { metricsUrl: server.url } : {};
}

function adminFromEnvironment(env: Readonly<Record<string, string | undefined>>): { accessKeyId: string; secretAccessKey: SecretBytes } | undefined {
  const accessKeyId = env.STRONGBOX_ADMIN_ACCESS_KEY_ID;
  const secret = env.STRONGBOX_ADMIN_SECRET_ACCESS_KEY;
  if (!accessKeyId && !secret) return undefined;
  if (!accessKeyId || !secret) {
    throw new StartupError("set both STRONGBOX_ADMIN_ACCESS_KEY_ID and STRONGBOX_ADMIN_SECRET_ACCESS_KEY, or neither");
  }
  return { accessKeyId, secretAccessKey: SecretBytes.fromUtf8(secret) };
}

/** True in a process forked by `strongbox server --workers N` (it then runs runStrongboxWorker). */
export const isWorkerProcess = isClusterWorker;

export interface StrongboxWorkers {
  readonly url: string;
  readonly port: number;
  workers(): WorkerInfo[];
  /** Stops every worker in order; resolves with the exit status for the primary. */
  stop(): Promise<number>;
}

/**
 * `strongbox server --workers N` (N > 1), in the primary: the data dir's first-start work
 * (migrations, --dev initialisation) is done here once, then the workers are forked one at a time
 * (the first alone, so it bootstraps the admin credentials unraced) on one shared port. The
 * primary logs the single "Strongbox listening" line. docs/workers.md has the whole design.
 */
export async function startStrongboxWorkers(config: StrongboxConfig, workers: number): Promise<StrongboxWorkers> {
  const logger = makeLogger(config.logLevel, config.logDestination);
  const metricsToken = metricsTokenFrom(config.env ?? process.env);
  const store = openStore(config.dataDir, config.partition ?? "aws");
  try {
    const sealConfig = await sealAtStart(store, config, config.clock ?? systemClock);
    if (sealConfig.type === "shamir" || sealConfig.type === "passphrase") {
      throw new StartupError(
        `--workers ${workers} needs a seal that opens itself in every worker: --dev, or an HSM seal (\`strongbox init --hsm pkcs11\`). ` +
          `${config.dataDir} has a ${sealConfig.type} seal, whose ${sealConfig.type === "shamir" ? "shares" : "passphrase"} would reach one worker only; run it with --workers 1`,
      );
    }
  } finally {
    await store.close();
  }
  const supervisor = await startSupervisor({ workers, logger });
  // One view of every worker: each scrape asks them all over the cluster channel and sums what they send.
  let metricsServer: MetricsServer | undefined;
  try {
    if (config.metrics !== undefined) {
      metricsServer = await startMetricsServer(config.metrics, { contentType: METRICS_CONTENT_TYPE, scrape: async () => aggregatedText(await supervisor.collectMetrics()), ...metricsToken }, logger);
    }
  } catch (error) {
    await supervisor.stop();
    throw new StartupError((error as Error).message);
  }
  const version = packageVersion();
  logger.info(
    { url: supervisor.url, ...metricsUrlOf(metricsServer), dataDir: config.dataDir, region: config.region, accountId: config.accountId, version, sealed: false, workers: supervisor.workers() },
    "Strongbox listening",
  );
  return {
    url: supervisor.url,
    port: supervisor.port,
    workers: () => supervisor.workers(),
    async stop() {
      await metricsServer?.close();
      return supervisor.stop();
    },
  };
}

/**
 * One worker of `strongbox server --workers N`: the whole server, on the port the primary shares,
 * until the primary says stop (or goes away); then it closes cleanly and the process exits.
 */
export async function runStrongboxWorker(config: StrongboxConfig): Promise<void> {
  const role = workerRole();
  const strongbox = await startStrongbox({ ...config, worker: { slot: role.slot, count: role.count, startSealed: role.startSealed } });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    strongbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`strongbox worker ${role.slot}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("message", (message: unknown) => {
    if ((message as { strongbox?: unknown } | null)?.strongbox === "stop") stop();
  });
  // The primary went away (killed): nobody would stop this worker, so it stops itself.
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
  // Ctrl-C reaches the whole process group: the primary orders the shutdown, not each worker.
  process.on("SIGINT", () => {});
  process.send?.({ strongbox: "listening", url: strongbox.url, port: strongbox.port });
}
