import type { Clock } from "../../ports/clock.js";
import type { Random } from "../../ports/random.js";
import type { RotationFunction, RotationFunctionLookup } from "../../ports/rotation.js";
import { postgresRotator } from "./postgres-rotator.js";
import { webhookRotator } from "./webhook-rotator.js";

/**
 * Strongbox's rotation functions, by the function name of a RotationLambdaARN
 * (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`):
 * - the built-in PostgreSQL rotators, under the names of AWS's own templates
 *   (SecretsManagerRDSPostgreSQLRotationSingleUser, SecretsManagerRDSPostgreSQLRotationMultiUser);
 * - the webhooks the operator configured, by the names given them.
 * Callers cannot point rotation at an arbitrary URL: only the operator names webhooks.
 */
export const BUILT_IN_ROTATORS = {
  single: "SecretsManagerRDSPostgreSQLRotationSingleUser",
  alternating: "SecretsManagerRDSPostgreSQLRotationMultiUser",
} as const;

const LAMBDA_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]+)?$/;

export function rotationFunctions(options: {
  readonly webhooks: Readonly<Record<string, string>>;
  /** The HMAC key webhooks verify requests with; owned by the caller. */
  readonly webhookSigningKey: Buffer;
  readonly random: Random;
  readonly clock: Clock;
}): RotationFunctionLookup {
  const functions = new Map<string, RotationFunction>([
    [BUILT_IN_ROTATORS.single, postgresRotator({ strategy: "single-user", random: options.random })],
    [BUILT_IN_ROTATORS.alternating, postgresRotator({ strategy: "alternating-users", random: options.random })],
  ]);
  for (const [name, url] of Object.entries(options.webhooks)) {
    functions.set(name, webhookRotator({ url, signingKey: options.webhookSigningKey, clock: options.clock }));
  }
  return (lambdaArn) => {
    const name = LAMBDA_ARN.exec(lambdaArn)?.[1];
    return name === undefined ? undefined : functions.get(name);
  };
}

/** `name=url,name=url` (STRONGBOX_ROTATION_WEBHOOKS) as a map; a malformed entry is refused, not skipped. */
export function parseWebhookList(text: string): Record<string, string> {
  const webhooks: Record<string, string> = {};
  for (const entry of text.split(",").map((e) => e.trim()).filter((e) => e !== "")) {
    const at = entry.indexOf("=");
    const name = entry.slice(0, at);
    const url = entry.slice(at + 1);
    if (at <= 0 || !/^[A-Za-z0-9_-]{1,64}$/.test(name) || !/^https?:\/\//.test(url)) throw new Error(`STRONGBOX_ROTATION_WEBHOOKS: "${entry}" is not name=http(s)://url`);
    webhooks[name] = url;
  }
  return webhooks;
}
