import { describeStatement, type ParsedPolicy, type PrincipalEntry } from "../../core/policy/index.js";
import type { Caller } from "../../core/identity/caller.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";

/** Why a principal named in a policy is refused: it does not exist, or is spelled otherwise. */
export interface UnknownPrincipal {
  readonly arn: string;
  /** The principal's own ARN when it exists under another spelling (IAM names ignore case). */
  readonly canonical?: string;
  /** e.g. 'statement "Sid"'. */
  readonly statement: string;
}

/** What a resource policy's named principals resolve to. */
export interface NamedPrincipals {
  /** The first account, user or role named that does not exist as written. */
  readonly unknown?: UnknownPrincipal;
  /** The unique ids of the users and roles named, by ARN, to be kept with the policy. */
  readonly pins: Readonly<Record<string, string>>;
}

/**
 * Resolves the accounts, users and roles a resource policy names. Policies compare ARNs exactly,
 * so a Deny naming "user/Alice" would not stop "user/alice": only the principal's own spelling is
 * accepted. Users and roles are pinned to their unique ids, as AWS keeps them, so that a principal
 * deleted and created again is not the one the policy meant. Sessions come and go: not checked.
 */
export async function resolveNamedPrincipals(directory: PrincipalDirectory, policy: ParsedPolicy, partition: string): Promise<NamedPrincipals> {
  const pins: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const statement of policy.statements) {
    for (const entry of [...(statement.principal ?? []), ...(statement.notPrincipal ?? [])]) {
      const arn = namedPrincipal(entry, partition);
      if (arn === undefined) continue;
      const found = await directory.describe(arn);
      if (found === undefined) return { unknown: { arn, statement: describeStatement(statement) }, pins };
      const canonical = entry.kind === "role" ? found.roleArn : found.principalArn;
      if (canonical !== arn) return { unknown: { arn, ...(canonical !== undefined ? { canonical } : {}), statement: describeStatement(statement) }, pins };
      if (entry.kind === "user" || entry.kind === "role") pins[arn] = uniqueIdOf(found);
    }
  }
  return { pins: Object.freeze(pins) };
}

/** A user's id (AIDA...), or the id of the role behind a session (AROA..., before ":<session>"). */
export function uniqueIdOf(caller: Caller): string {
  return caller.principalType === "AssumedRole" ? caller.userId.slice(0, caller.userId.indexOf(":")) : caller.userId;
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
