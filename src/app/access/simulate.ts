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

/**
 * Decides what the policy gate would answer `principalArn` for one use of a key, and names the
 * statement (or the missing statement) that decides it. Whoever may read the key's policy may
 * ask, for principals of their own account (or any account's root, which has no identity policies
 * to reveal).
 */
export async function simulateKeyAccess(
  deps: { gate: PolicyGate; resolveKey: KeyResolver; principals: PrincipalDirectory },
  asker: RequestContext,
  simulation: KeyAccessSimulation,
): Promise<SimulationResult> {
  if (!KMS_ACTION.test(simulation.action)) throw new ServiceError("ValidationException", `Action must name one KMS action, like kms:Decrypt; got ${simulation.action.slice(0, 64)}`);
  const key = await deps.resolveKey(simulation.key, asker, { allowAlias: true });
  await deps.gate.authorizeKey(asker, { action: "kms:GetKeyPolicy", key });
  const principal = await deps.principals.describe(simulation.principalArn);
  if (principal === undefined) throw new ServiceError("NotFoundException", `No principal ${simulation.principalArn} exists in this Strongbox.`);
  if (principal.accountId !== asker.caller.accountId && principal.principalType !== "Root") {
    throw new ServiceError("AccessDeniedException", `You can simulate only for principals of your own account (${asker.caller.accountId}) and account root users.`);
  }
  const ctx: RequestContext = { ...asker, caller: principal, ...(simulation.sourceIp !== undefined ? { sourceIp: simulation.sourceIp } : {}) };
  const decision = await deps.gate.explainKey(ctx, {
    action: simulation.action,
    key,
    ...(simulation.encryptionContext !== undefined ? { encryptionContext: simulation.encryptionContext } : {}),
    conditions: requestAliasFacts(simulation.key),
  });
  return { ...decision, principalArn: principal.principalArn, action: simulation.action, resource: key.arn };
}
