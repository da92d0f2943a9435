import { Command } from "commander";
import { ADMIN_TARGET_PREFIX } from "../protocol/admin/schemas.js";
import { callJson, findCredentials } from "./admin-client.js";
import { isoTime } from "./arguments.js";

/** An ISO time as the epoch seconds the wire takes. */
const time = (value: string): number => isoTime(value).getTime() / 1000;

interface Connection {
  endpoint: string;
  region: string;
  dataDir: string;
}

const call = (options: Connection, operation: string, payload: unknown) =>
  callJson(options.endpoint, `${ADMIN_TARGET_PREFIX}${operation}`, payload, { credentials: findCredentials(process.env, options.dataDir), region: options.region });

const epoch = (value: unknown) => new Date(Number(value) * 1000).toISOString();

/** `strongbox config history|diff`: a key's configuration over time, from a running Strongbox. */
export function configCommand(defaults: Connection): Command {
  const config = new Command("config").description("a key's configuration history (AWS Config for keys)");
  const connection = (command: Command) =>
    command
      .option("--endpoint <url>", "the Strongbox to ask", defaults.endpoint)
      .option("--region <region>", "the Region to sign for", defaults.region)
      .option("--data-dir <dir>", "where to find admin-credentials.json when no credentials are in the environment", defaults.dataDir);
  connection(
    config
      .command("history")
      .description("every configuration the key had, oldest first, with the change that made it")
      .argument("<key>", "key id or key ARN (keys that are gone keep their history)")
      .option("--start <time>", "ISO time", time)
      .option("--end <time>", "ISO time", time),
  ).action(async (key: string, options: Connection & { start?: number; end?: number }) => {
    const answer = await call(options, "GetKeyConfigurationHistory", { KeyId: key, ...(options.start ? { StartTime: options.start } : {}), ...(options.end ? { EndTime: options.end } : {}) });
    for (const item of answer.ConfigurationItems as { CaptureTime: number; ChangedBy: string; Configuration: unknown }[]) {
      process.stdout.write(`${epoch(item.CaptureTime)} ${item.ChangedBy}\n${JSON.stringify(item.Configuration, null, 2)}\n`);
    }
  });
  connection(
    config
      .command("diff")
      .description("what changed in the key's configuration between two moments")
      .argument("<key>", "key id or key ARN")
      .requiredOption("--from <time>", "ISO time", time)
      .requiredOption("--to <time>", "ISO time", time)
      .option("--json", "print the answer as JSON"),
  ).action(async (key: string, options: Connection & { from: number; to: number; json?: boolean }) => {
    const answer = await call(options, "DiffKeyConfiguration", { KeyId: key, From: options.from, To: options.to });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      return;
    }
    const changes = answer.Changes as { path: string; before?: unknown; after?: unknown }[];
    if (changes.length === 0) process.stdout.write("no change\n");
    for (const change of changes) process.stdout.write(`${change.path}: ${JSON.stringify(change.before ?? null)} -> ${JSON.stringify(change.after ?? null)}\n`);
  });
  return config;
}
