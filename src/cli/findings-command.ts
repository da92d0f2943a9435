import { Command, Option } from "commander";
import { ADMIN_TARGET_PREFIX } from "../protocol/admin/schemas.js";
import { callJson, findCredentials } from "./admin-client.js";

interface Options {
  endpoint: string;
  region: string;
  dataDir: string;
  severity?: string;
  rule?: string;
  json?: boolean;
}

/** `strongbox findings list`: what the rules over the audit trail raised, from a running Strongbox. */
export function findingsCommand(defaults: { endpoint: string; region: string; dataDir: string }): Command {
  const findings = new Command("findings").description("suspicious activity the rules over the audit trail found");
  findings
    .command("list")
    .description("the account's findings, most recently seen first")
    .addOption(new Option("--severity <level>", "only this severity").choices(["LOW", "MEDIUM", "HIGH"]))
    .option("--rule <rule>", "only this rule, e.g. AccessDeniedBurst")
    .option("--json", "print the answer as JSON")
    .option("--endpoint <url>", "the Strongbox to ask", defaults.endpoint)
    .option("--region <region>", "the Region to sign for", defaults.region)
    .option("--data-dir <dir>", "where to find admin-credentials.json when no credentials are in the environment", defaults.dataDir)
    .action(async (options: Options) => {
      const answer = await callJson(
        options.endpoint,
        `${ADMIN_TARGET_PREFIX}ListFindings`,
        { ...(options.severity ? { Severity: options.severity } : {}), ...(options.rule ? { Rule: options.rule } : {}) },
        { credentials: findCredentials(process.env, options.dataDir), region: options.region },
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      for (const f of answer.Findings as { severity: string; rule: string; title: string; lastSeen: string; count: number }[]) {
        process.stdout.write(`${f.lastSeen} ${f.severity.padEnd(6)} ${f.rule}: ${f.title} (${f.count})\n`);
      }
    });
  return findings;
}
