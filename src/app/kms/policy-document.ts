import { ServiceError, isServiceError } from "../../core/errors.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import { INVALID_PRINCIPALS, parsePolicy, PolicySyntaxError, type ParsedPolicy } from "../../core/policy/index.js";
import { resolveNamedPrincipals } from "../access/named-principals.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";

/** The key policy quota: 32 KB. */
export const MAX_POLICY_BYTES = 32 * 1024;

/**
 * A key policy must fit the quota, parse as a key policy, and name only principals that exist
 * (AWS refuses a policy with an unknown user, role or account). It is stored as given, with the
 * unique ids of the users and roles it names (returned).
 */
export async function validateKeyPolicy(deps: Pick<KmsDeps, "principals">, ctx: RequestContext, policy: string): Promise<Readonly<Record<string, string>>> {
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
  const { unknown, pins } = await resolveNamedPrincipals(deps.principals, parsed, ctx.partition);
  if (unknown !== undefined) {
    const why = unknown.canonical !== undefined ? `must be written as ${unknown.canonical}` : "does not exist";
    throw new ServiceError("MalformedPolicyDocumentException", `${INVALID_PRINCIPALS} ${unknown.arn} ${why} (${unknown.statement}).`);
  }
  return pins;
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
