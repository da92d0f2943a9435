import { describeStatement, type ParsedPolicy, type PrincipalEntry } from "../../core/policy/index.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";

/** Why a principal named in a policy is refused: it does not exist, or is spelled otherwise. */
export interface UnknownPrincipal {
  readonly arn: string;
  /** The principal's own ARN when it exists under another spelling (IAM names ignore case). */
  readonly canonical?: string;
  /** e.g. 'statement "Sid"'. */
  readonly statement: string;
}

/**
 * The first account, user or role a resource policy names that does not exist as written, or
 * undefined when all do. Policies compare ARNs exactly, so a Deny naming "user/Alice" would not stop
 * "user/alice": only the principal's own spelling is accepted. Sessions come and go: not checked.
 */
export async function firstUnknownPrincipal(directory: PrincipalDirectory, policy: ParsedPolicy, partition: string): Promise<UnknownPrincipal | undefined> {
  for (const statement of policy.statements) {
    for (const entry of [...(statement.principal ?? []), ...(statement.notPrincipal ?? [])]) {
      const arn = namedPrincipal(entry, partition);
      if (arn === undefined) continue;
      const found = await directory.describe(arn);
      if (found === undefined) return { arn, statement: describeStatement(statement) };
      const canonical = entry.kind === "role" ? found.roleArn : found.principalArn;
      if (canonical !== arn) return { arn, ...(canonical !== undefined ? { canonical } : {}), statement: describeStatement(statement) };
    }
  }
  return undefined;
}

function namedPrincipal(entry: PrincipalEntry, partition: string): string | undefined {
  switch (entry.kind) {
    case "account":
      return `arn:${entry.partition ?? partition}:iam::${entry.accountId}:root`;
    case "user":
    case "role":
      return entry.arn;
    default:
      return undefined;
  }
}
