import { ServiceError } from "../../core/errors.js";
import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import type { KeyRef } from "../../core/kms/identifiers.js";
import type { Caller } from "../../core/identity/caller.js";
import type { PrincipalDirectory } from "../../ports/identity-policies.js";
import type { RequestContext } from "../context.js";
import type { KeyResolver } from "../kms/key-resolver.js";
import { requestAliasFacts } from "../kms/request-alias.js";
import type { Decision } from "./decision.js";
import type { PolicyGate } from "./policy-gate.js";

export interface KeyAccessSimulation {
  /** The principal to decide for: account root, user, role or assumed-role ARN. */
  readonly principalArn: string;
  /** e.g. "kms:Decrypt". */
  readonly action: string;
  readonly key: KeyRef;
  readonly encryptionContext?: EncryptionContext;
  /** aws:SourceIp to assume; the asker's own address when absent. */
  readonly sourceIp?: string;
}

export interface SimulationResult extends Decision {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
}

const PRINCIPAL_ARN = /^arn:([a-z-]+):(iam|sts)::(\d{12}):(root|user\/.+|role\/.+|assumed-role\/([^/]+)\/[^/]+)$/;
/** KMS actions on no key: nothing to simulate against a key policy. */
const ACCOUNT_ACTIONS = new Set(["kms:CreateKey", "kms:ListKeys", "kms:ListAliases", "kms:GenerateRandom", "kms:ListRetirableGrants"]);

/**
 * The actions simulation accepts, in their canonical spelling, from the IAM actions of the KMS
 * operation table: the ones that act on a key, with kms:ReEncrypt* as its two halves.
 */
export function simulatedActions(tableActions: Iterable<string>): ReadonlyMap<string, string> {
  const actions = new Map<string, string>();
  for (const action of tableActions) {
    for (const one of action === "kms:ReEncrypt*" ? ["kms:ReEncryptFrom", "kms:ReEncryptTo"] : [action]) {
      if (!ACCOUNT_ACTIONS.has(one)) actions.set(one.toLowerCase(), one);
    }
  }
  return actions;
}

/**
 * What reading a principal's identity policies takes: iam:GetUserPolicy on a user,
 * iam:GetRolePolicy on the role behind a role or session; nothing for an account root (it has none).
 */
function policyReadAccess(principalArn: string): { action: string; resource: string; accountId: string } | "root" {
  const match = PRINCIPAL_ARN.exec(principalArn);
  if (match === null) throw new ServiceError("ValidationException", `PrincipalArn must be an account root, user, role or assumed-role ARN; got ${principalArn.slice(0, 256)}`);
  const [, partition, , accountId, resource, sessionRole] = match as unknown as [string, string, string, string, string, string | undefined];
  if (resource === "root") return "root";
  if (resource.startsWith("user/")) return { action: "iam:GetUserPolicy", resource: principalArn, accountId };
  const roleArn = sessionRole !== undefined ? `arn:${partition}:iam::${accountId}:role/${sessionRole}` : principalArn;
  return { action: "iam:GetRolePolicy", resource: roleArn, accountId };
}

/**
 * Decides what the policy gate would answer `principalArn` for one use of a key, and names the
 * statement (or the missing statement) that decides it. The answer reveals the key policy, the
 * key's grants and the principal's identity policies, so the asker must be allowed to read all
 * three: kms:GetKeyPolicy and kms:ListGrants on the key, iam:GetUserPolicy / iam:GetRolePolicy on
 * the principal (which keeps it to principals of the asker's own account). Any account's root can
 * be simulated, existing or not, so the answer tells nothing about which accounts exist. For
 * kms:CreateGrant a grant counts if it allows creating some grant (the child grant's operations
 * are not known here).
 */
export async function simulateKeyAccess(
  deps: { gate: PolicyGate; resolveKey: KeyResolver; principals: PrincipalDirectory; actions: ReadonlyMap<string, string> },
  asker: RequestContext,
  simulation: KeyAccessSimulation,
): Promise<SimulationResult> {
  const action = deps.actions.get(simulation.action.toLowerCase());
  if (action === undefined) throw new ServiceError("ValidationException", `Action must name one KMS action on a key, like kms:Decrypt; got ${simulation.action.slice(0, 64)}`);
  const key = await deps.resolveKey(simulation.key, asker, { allowAlias: true, crossAccount: false });
  await deps.gate.authorizeKey(asker, { action: "kms:GetKeyPolicy", key });
  await deps.gate.authorizeKey(asker, { action: "kms:ListGrants", key });
  const principal = await principalToSimulate(deps, asker, simulation.principalArn);
  const ctx: RequestContext = { ...asker, caller: principal, ...(simulation.sourceIp !== undefined ? { sourceIp: simulation.sourceIp } : {}) };
  const decision = await deps.gate.explainKey(ctx, {
    action,
    key,
    ...(simulation.encryptionContext !== undefined ? { encryptionContext: simulation.encryptionContext } : {}),
    conditions: requestAliasFacts(simulation.key),
    ...(action === "kms:CreateGrant" ? { childGrant: { operations: [] } } : {}),
  });
  return { ...decision, principalArn: principal.principalArn, action, resource: key.arn };
}

/** The caller to simulate, after the asker is allowed to read its identity policies. */
async function principalToSimulate(deps: { gate: PolicyGate; principals: PrincipalDirectory }, asker: RequestContext, principalArn: string): Promise<Caller> {
  const read = policyReadAccess(principalArn);
  if (read === "root") {
    const [, partition, , accountId] = PRINCIPAL_ARN.exec(principalArn) as unknown as [string, string, string, string];
    if (partition !== asker.partition) throw new ServiceError("ValidationException", `PrincipalArn must be in partition ${asker.partition}.`);
    return { accountId, principalArn, accessKeyId: "", principalType: "Root", userId: accountId, principalTags: {} };
  }
  await deps.gate.authorize(asker, { action: read.action, resource: read.resource, resourceAccountId: read.accountId });
  const principal = await deps.principals.describe(principalArn);
  if (principal === undefined) throw new ServiceError("NotFoundException", `No principal ${principalArn} exists in this Strongbox.`);
  // A session ARN carries no role path: ask again on the role's full ARN, which policies may name.
  if (principal.roleArn !== undefined && principal.roleArn !== read.resource) {
    await deps.gate.authorize(asker, { action: read.action, resource: principal.roleArn, resourceAccountId: read.accountId });
  }
  return principal;
}
