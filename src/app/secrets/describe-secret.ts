import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { loadSecret } from "./secret-access.js";
import { describeView } from "./secret-views.js";

/** DescribeSecret: works on a secret scheduled for deletion too, and does not count as an access. */
export function makeDescribeSecret(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"DescribeSecret"> {
  return async (input, ctx) => describeView(await loadSecret(deps, ctx, "secretsmanager:DescribeSecret", input.SecretId, { allowDeleted: true }));
}
