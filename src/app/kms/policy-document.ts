import { ServiceError, isServiceError } from "../../core/errors.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import { describeStatement, INVALID_PRINCIPALS, parsePolicy, PolicySyntaxError, type ParsedPolicy, type PrincipalEntry } from "../../core/policy/index.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";

/** The key policy quota: 32 KB. */
export const MAX_POLICY_BYTES = 32 * 1024;

/**
 * A key policy must fit the quota, parse as a key policy, and name only principals that exist
 * (AWS refuses a policy with an unknown user, role or account). It is stored as given.
 */
export async function validateKeyPolicy(deps: Pick<KmsDeps, "principals">, ctx: RequestContext, policy: string): Promise<void> {
  if (Buffer.byteLength(policy, "utf8") > MAX_POLICY_BYTES) {
    throw new ServiceError("LimitExceededException", `The key policy is larger than ${MAX_POLICY_BYTES} bytes, the most a key policy can be.`);
  }
  let parsed: ParsedPolicy;
  try {
    parsed = parsePolicy(policy, "key");
  } catch (error) {
    if (error instanceof PolicySyntaxError) throw new ServiceError("MalformedPolicyDocumentException", error.message);
    throw error;
  }
  for (const statement of parsed.statements) {
    for (const entry of [...(statement.principal ?? []), ...(statement.notPrincipal ?? [])]) {
      const arn = namedPrincipal(entry, ctx.partition);
      if (arn === undefined) continue;
      const found = await deps.principals.describe(arn);
      if (found === undefined) {
        throw new ServiceError("MalformedPolicyDocumentException", `${INVALID_PRINCIPALS} ${arn} does not exist (${describeStatement(statement)}).`);
      }
      // IAM names are unique regardless of case, but policies compare ARNs exactly: a Deny naming
      // "user/Alice" would not stop "user/alice". Only the principal's own spelling is accepted.
      const canonical = entry.kind === "role" ? found.roleArn : found.principalArn;
      if (canonical !== arn) {
        throw new ServiceError("MalformedPolicyDocumentException", `${INVALID_PRINCIPALS} ${arn} must be written as ${canonical} (${describeStatement(statement)}).`);
      }
    }
  }
}

/** The ARN of a principal entry that must exist: an account, a user or a role (sessions come and go). */
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

export const LOCKOUT_MESSAGE = "The new key policy will not allow you to update the key policy in the future.";

/**
 * AWS's policy lockout safety check: the caller must still be allowed kms:PutKeyPolicy under the
 * new policy (with its identity policies), so that nobody writes a policy that no one can change.
 */
export async function requireLockoutSafe(deps: Pick<KmsDeps, "authorizeKey">, ctx: RequestContext, candidate: KmsKey): Promise<void> {
  try {
    await deps.authorizeKey(ctx, { action: "kms:PutKeyPolicy", key: candidate });
  } catch (error) {
    if (isServiceError(error) && error.type === "AccessDeniedException") throw new ServiceError("MalformedPolicyDocumentException", LOCKOUT_MESSAGE);
    throw error;
  }
}
