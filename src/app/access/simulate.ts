import { ServiceError } from "../../core/errors.js";
import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import type { KeyRef } from "../../core/kms/identifiers.js";
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

const KMS_ACTION = /^kms:[A-Za-z]+$/;
const PRINCIPAL_ARN = /^arn:([a-z-]+):(iam|sts)::(\d{12}):(root|user\/.+|role\/.+|assumed-role\/([^/]+)\/[^/]+)$/;

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
 * the principal (which keeps it to principals of the asker's own account, and account roots).
 */
export async function simulateKeyAccess(
  deps: { gate: PolicyGate; resolveKey: KeyResolver; principals: PrincipalDirectory },
  asker: RequestContext,
  simulation: KeyAccessSimulation,
): Promise<SimulationResult> {
  if (!KMS_ACTION.test(simulation.action)) throw new ServiceError("ValidationException", `Action must name one KMS action, like kms:Decrypt; got ${simulation.action.slice(0, 64)}`);
  const key = await deps.resolveKey(simulation.key, asker, { allowAlias: true, crossAccount: false });
  await deps.gate.authorizeKey(asker, { action: "kms:GetKeyPolicy", key });
  await deps.gate.authorizeKey(asker, { action: "kms:ListGrants", key });
  const read = policyReadAccess(simulation.principalArn);
  if (read !== "root") await deps.gate.authorize(asker, { action: read.action, resource: read.resource, resourceAccountId: read.accountId });
  const principal = await deps.principals.describe(simulation.principalArn);
  if (principal === undefined) throw new ServiceError("NotFoundException", `No principal ${simulation.principalArn} exists in this Strongbox.`);
  const ctx: RequestContext = { ...asker, caller: principal, ...(simulation.sourceIp !== undefined ? { sourceIp: simulation.sourceIp } : {}) };
  const decision = await deps.gate.explainKey(ctx, {
    action: simulation.action,
    key,
    ...(simulation.encryptionContext !== undefined ? { encryptionContext: simulation.encryptionContext } : {}),
    conditions: requestAliasFacts(simulation.key),
  });
  return { ...decision, principalArn: principal.principalArn, action: simulation.action, resource: key.arn };
}
