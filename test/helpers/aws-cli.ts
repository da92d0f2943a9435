import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REGION } from "./server.js";

const run = promisify(execFile);

export interface CliCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/**
 * Runs the AWS CLI (v1) against `endpoint` as `credentials`, with no user config or credentials
 * file in the way (`scratchDir` holds neither), and returns its JSON output ({} when it prints nothing).
 */
export async function awsCli(endpoint: string, scratchDir: string, credentials: CliCredentials, args: readonly string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run("aws", [...args, "--endpoint-url", endpoint, "--output", "json"], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken ?? "",
      AWS_DEFAULT_REGION: REGION,
      AWS_CONFIG_FILE: join(scratchDir, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(scratchDir, "none"),
    },
  });
  return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}
