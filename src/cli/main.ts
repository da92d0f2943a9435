import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { createAccountInDataDir, isWorkerProcess, runStrongboxWorker, startStrongbox, startStrongboxWorkers, StartupError } from "../main.js";
import { exposeSecretBytes } from "../core/secret-bytes.js";
import { LOG_LEVELS, type LogLevel } from "../logger.js";
import { packageVersion } from "../version.js";
import { auditCommand } from "./audit-command.js";
import { backupCommand, restoreCommand } from "./backup-commands.js";
import { emulatorCommand, importEmulatorState } from "./emulator-command.js";
import { configCommand } from "./config-command.js";
import { findingsCommand } from "./findings-command.js";
import { policyCommand } from "./policy-command.js";
import { initCommand, rekeyCommand, rotateRootCommand, sealCommand, sealPrompts, unsealCommand } from "./seal-commands.js";

const DEFAULTS = { host: "127.0.0.1", port: 4599, dataDir: "./.strongbox", region: "us-east-1", accountId: "111122223333" } as const;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("must be a port number from 0 to 65535");
  return n;
}

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError("must be 12 digits");
  return value;
}

function region(value: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(value)) throw new InvalidArgumentError("must look like an AWS Region, e.g. us-east-1");
  return value;
}

/** --workers: a count, or "auto" for one per core the process may use. */
function workers(value: string): number {
  if (value === "auto") return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256, or "auto" (one per core)');
  return n;
}

function fail(error: unknown): never {
  process.stderr.write(`strongbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof StartupError ? 2 : 1);
}

interface ServerOptions {
  dev?: boolean;
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  logLevel: LogLevel;
  hsmPinFile?: string;
  workers: number;
  metricsPort?: number;
  metricsHost: string;
  emulator?: boolean;
  import?: string;
  seed?: string;
}

/** Where an emulator without --data-dir keeps its state: a fresh directory, removed when it stops (workers inherit it). */
const EMULATOR_DIR_VARIABLE = "STRONGBOX_EMULATOR_SCRATCH_DIR";

function emulatorScratchBase(): string {
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

function emulatorScratchDir(): { dataDir: string; remove: () => void } {
  const inherited = process.env[EMULATOR_DIR_VARIABLE];
  // In memory where the machine has a memory file system (/dev/shm on Linux), else the temporary directory.
  const dataDir = inherited ?? mkdtempSync(join(emulatorScratchBase(), "strongbox-emulator-"));
  process.env[EMULATOR_DIR_VARIABLE] = dataDir;
  return { dataDir, remove: () => (inherited === undefined ? rmSync(dataDir, { recursive: true, force: true }) : undefined) };
}

const program = new Command("strongbox")
  .description("Strongbox: a self-hosted key management service that speaks the AWS KMS API")
  .version(packageVersion());

program
  .command("server")
  .description("serve the AWS-compatible API")
  .option("--dev", "development mode: initialise the data dir with an INSECURE root key kept beside it, and unseal automatically")
  .option("--host <host>", "address to listen on", DEFAULTS.host)
  .option("--port <port>", "port to listen on (0 picks a free one)", port, DEFAULTS.port)
  .option("--data-dir <dir>", "where keys and state are kept", DEFAULTS.dataDir)
  .option("--region <region>", "the AWS Region this Strongbox answers for", region, DEFAULTS.region)
  .option("--account-id <id>", "the default account (owner of the bootstrap admin credentials)", accountId, DEFAULTS.accountId)
  .addOption(new Option("--log-level <level>", "log level").choices(LOG_LEVELS).default("info"))
  .option("--hsm-pin-file <file>", "for a data dir sealed by an HSM: read the token PIN from this file instead of the one named at init")
  .option("--workers <n>", 'serve from this many processes sharing the port and the data dir ("auto": one per core); more than 1 needs --dev or an HSM seal', workers, 1)
  .addOption(new Option("--metrics-port <port>", "serve Prometheus metrics at GET /metrics on this port, apart from the API (off by default; 0 picks a free one)").argParser(port).env("STRONGBOX_METRICS_PORT"))
  .addOption(new Option("--metrics-host <host>", "address of the metrics port").default(DEFAULTS.host).env("STRONGBOX_METRICS_HOST"))
  .option("--emulator", "emulator mode for development and CI: any syntactically valid credentials are accepted, the account is the access key id when it is 12 digits (else --account-id); implies --dev; without --data-dir, state lives in a scratch dir removed at stop (docs/emulator.md)")
  .option("--import <file>", "with --emulator: start from this export (strongbox emulator export) instead of an empty state")
  .option("--seed <file>", "with --emulator: a YAML or JSON file of keys (fixed ids and material), aliases, secrets and parameters made at start and after each reset (docs/emulator.md)")
  .action(async (options: ServerOptions, command: Command) => {
    const { hsmPinFile, workers: count, metricsPort, metricsHost, emulator, import: importFile, seed, ...rest } = options;
    if (importFile !== undefined && emulator !== true) throw new StartupError("--import starts an emulator from an export: add --emulator");
    if (seed !== undefined && emulator !== true) throw new StartupError("--seed fills an emulator: add --emulator");
    if (emulator === true && count > 1) throw new StartupError("--emulator serves from one process (its clock moves for that process only); start it without --workers");
    const scratch = emulator === true && command.getOptionValueSource("dataDir") === "default" ? emulatorScratchDir() : undefined;
    const config = {
      ...rest,
      ...(scratch !== undefined ? { dataDir: scratch.dataDir } : {}),
      dev: options.dev === true || emulator === true,
      ...(emulator === true ? { emulator: true } : {}),
      ...(seed !== undefined ? { seedFile: seed } : {}),
      ...(hsmPinFile !== undefined ? { hsmPinFile } : {}),
      ...(metricsPort !== undefined ? { metrics: { host: metricsHost, port: metricsPort } } : {}),
    };
    let close: () => Promise<number>;
    try {
      if (importFile !== undefined) await importEmulatorState(importFile, config.dataDir);
      if (isWorkerProcess()) return runStrongboxWorker(config);
      close = count > 1 ? (await startStrongboxWorkers(config, count)).stop : await startStrongbox(config).then((strongbox) => () => strongbox.close().then(() => 0));
    } catch (error) {
      // A start that failed leaves no scratch state behind.
      scratch?.remove();
      throw error;
    }
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      close().then((code) => {
        scratch?.remove();
        process.exit(code);
      }, fail);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });

const connection = { endpoint: `http://${DEFAULTS.host}:${DEFAULTS.port}`, region: DEFAULTS.region, dataDir: DEFAULTS.dataDir };
program.addCommand(initCommand(connection));
program.addCommand(unsealCommand(connection));
program.addCommand(sealCommand(connection));
program.addCommand(rekeyCommand(connection));
program.addCommand(rotateRootCommand(connection));
program.addCommand(configCommand(connection));
program.addCommand(findingsCommand(connection));
program.addCommand(auditCommand({ dataDir: DEFAULTS.dataDir }));
program.addCommand(policyCommand(connection));
program.addCommand(backupCommand({ dataDir: DEFAULTS.dataDir }));
program.addCommand(restoreCommand({ dataDir: DEFAULTS.dataDir }));
program.addCommand(emulatorCommand({ endpoint: connection.endpoint }));

const account = program.command("account").description("manage the accounts of a data dir");

account
  .command("create")
  .description("create an account and print its root credentials once, as JSON on stdout")
  .requiredOption("--account-id <id>", "the new account's 12-digit id", accountId)
  .option("--data-dir <dir>", "the data dir", DEFAULTS.dataDir)
  .option("--passphrase-file <file>", "for a passphrase data dir: read the passphrase from the first line of this file (default: prompt, or stdin)")
  .option("--share-file <file>", "for a Shamir data dir: read the threshold number of unseal shares from this file, one per line (default: prompts, or stdin)")
  .action(async (options: { accountId: string; dataDir: string; passphraseFile?: string; shareFile?: string }) => {
    const created = await createAccountInDataDir({ dataDir: options.dataDir, accountId: options.accountId, prompts: sealPrompts(options) });
    const secret = exposeSecretBytes(created.secretAccessKey);
    created.secretAccessKey.dispose();
    try {
      process.stdout.write(JSON.stringify({ AccountId: options.accountId, AccessKeyId: created.accessKeyId, SecretAccessKey: secret.toString("utf8") }) + "\n");
    } finally {
      secret.fill(0);
    }
  });

// An action that fails rejects here: one place reports it and sets the exit status.
await program.parseAsync(process.argv).catch(fail);
