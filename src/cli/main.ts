import { Command, InvalidArgumentError, Option } from "commander";
import { createAccountInDataDir, initDataDir, startStrongbox, StartupError } from "../main.js";
import { exposeSecretBytes } from "../core/secret-bytes.js";
import { LOG_LEVELS, type LogLevel } from "../logger.js";
import { packageVersion } from "../version.js";
import { auditCommand } from "./audit-command.js";
import { configCommand } from "./config-command.js";
import { findingsCommand } from "./findings-command.js";
import { policyCommand } from "./policy-command.js";
import { readPassphrase } from "./read-secret.js";

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

function fail(error: unknown): never {
  process.stderr.write(`strongbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof StartupError ? 2 : 1);
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
  .action(async (options: { dev?: boolean; host: string; port: number; dataDir: string; region: string; accountId: string; logLevel: LogLevel }) => {
    const strongbox = await startStrongbox({ ...options, dev: options.dev === true });
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      strongbox.close().then(() => process.exit(0), fail);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });

program
  .command("init")
  .description("initialise a data dir whose root key is protected by an operator passphrase")
  .option("--data-dir <dir>", "the data dir to create", DEFAULTS.dataDir)
  .option("--passphrase-file <file>", "read the passphrase from the first line of this file (default: prompt, or stdin when not a terminal)")
  .action(async (options: { dataDir: string; passphraseFile?: string }) => {
    const passphrase = await readPassphrase({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), prompt: "New passphrase: ", confirm: true });
    try {
      await initDataDir({ dataDir: options.dataDir, passphrase });
    } finally {
      passphrase.dispose();
    }
    process.stdout.write(`initialised ${options.dataDir}; start it with \`strongbox server --data-dir ${options.dataDir}\` and unseal it with \`strongbox unseal\`\n`);
  });

program
  .command("unseal")
  .description("unseal a running Strongbox with the operator passphrase")
  .option("--endpoint <url>", "the Strongbox to unseal", `http://${DEFAULTS.host}:${DEFAULTS.port}`)
  .option("--passphrase-file <file>", "read the passphrase from the first line of this file (default: prompt, or stdin)")
  .action(async (options: { endpoint: string; passphraseFile?: string }) => {
    const passphrase = await readPassphrase({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), prompt: "Passphrase: " });
    const body = passphrase.use((p) => JSON.stringify({ passphrase: p.toString("utf8") }));
    passphrase.dispose();
    const response = await fetch(new URL("/sys/unseal", options.endpoint), { method: "POST", headers: { "content-type": "application/json" }, body });
    const answer = (await response.json()) as { sealed?: boolean; message?: string };
    if (!response.ok) throw new Error(answer.message ?? `unseal failed with HTTP ${response.status}`);
    process.stdout.write(answer.sealed === false ? "unsealed\n" : "still sealed\n");
    if (answer.sealed !== false) process.exit(1);
  });

const connection = { endpoint: `http://${DEFAULTS.host}:${DEFAULTS.port}`, region: DEFAULTS.region, dataDir: DEFAULTS.dataDir };
program.addCommand(configCommand(connection));
program.addCommand(findingsCommand(connection));
program.addCommand(auditCommand({ dataDir: DEFAULTS.dataDir }));
program.addCommand(policyCommand(connection));

const account = program.command("account").description("manage the accounts of a data dir");

account
  .command("create")
  .description("create an account and print its root credentials once, as JSON on stdout")
  .requiredOption("--account-id <id>", "the new account's 12-digit id", accountId)
  .option("--data-dir <dir>", "the data dir", DEFAULTS.dataDir)
  .option("--passphrase-file <file>", "for a passphrase data dir: read the passphrase from the first line of this file (default: prompt, or stdin)")
  .action(async (options: { accountId: string; dataDir: string; passphraseFile?: string }) => {
    const created = await createAccountInDataDir({
      dataDir: options.dataDir,
      accountId: options.accountId,
      readPassphrase: () => readPassphrase({ ...(options.passphraseFile ? { file: options.passphraseFile } : {}), prompt: "Passphrase: " }),
    });
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
