import { Command, InvalidArgumentError } from "commander";
import { ADMIN_TARGET_PREFIX } from "../protocol/admin/schemas.js";
import { callJson, findCredentials } from "./admin-client.js";

function contextPair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError("must be key=value");
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

interface SimulateOptions {
  principal: string;
  action: string;
  key: string;
  context?: Record<string, string>;
  sourceIp?: string;
  endpoint: string;
  region: string;
  dataDir: string;
  json?: boolean;
}

/** `strongbox policy simulate`: asks a running Strongbox what it would decide, and why. */
export function policyCommand(defaults: { endpoint: string; region: string; dataDir: string }): Command {
  const policy = new Command("policy").description("inspect access control");
  policy
    .command("simulate")
    .description("decide whether a principal may perform a KMS action on a key, and name the statement that decides it")
    .requiredOption("--principal <arn>", "the principal: an account root, user, role or assumed-role ARN")
    .requiredOption("--action <action>", "the KMS action, e.g. kms:Decrypt")
    .requiredOption("--key <key>", "the key: key id, key ARN, alias name or alias ARN")
    .option("--context <key=value>", "an encryption context pair (repeatable)", contextPair)
    .option("--source-ip <ip>", "the source address to assume (default: this machine's)")
    .option("--endpoint <url>", "the Strongbox to ask", defaults.endpoint)
    .option("--region <region>", "the Region to sign for", defaults.region)
    .option("--data-dir <dir>", "where to find admin-credentials.json when no credentials are in the environment", defaults.dataDir)
    .option("--json", "print the answer as JSON")
    .action(async (options: SimulateOptions) => {
      const credentials = findCredentials(process.env, options.dataDir);
      const answer = await callJson(
        options.endpoint,
        `${ADMIN_TARGET_PREFIX}SimulateKeyAccess`,
        {
          PrincipalArn: options.principal,
          Action: options.action,
          KeyId: options.key,
          ...(options.context ? { EncryptionContext: options.context } : {}),
          ...(options.sourceIp ? { SourceIp: options.sourceIp } : {}),
        },
        { credentials, region: options.region },
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      } else {
        const decided = answer.DecidedBy ? `\ndecided by: ${String(answer.DecidedBy)}` : answer.GrantId ? `\ndecided by: grant ${String(answer.GrantId)}` : "";
        process.stdout.write(
          `${String(answer.Decision).toUpperCase()}: ${String(answer.PrincipalArn)} ${String(answer.Action)} on ${String(answer.Resource)}\n` +
            `reason: ${String(answer.Reason)}${decided}\n${String(answer.Explanation)}\n`,
        );
      }
      process.exit(answer.Decision === "allowed" ? 0 : 3);
    });
  return policy;
}
