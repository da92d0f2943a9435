import type { KeyAccessSimulation, SimulationResult } from "../app/access/simulate.js";
import type { RequestContext } from "../app/context.js";
import { ADMIN_TARGET_PREFIX, simulateKeyAccessSchema, type SimulateKeyAccessOutput } from "../protocol/admin/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { BoundOperation, JsonService } from "./service.js";

/** Strongbox's own API beside the AWS ones: policy simulation, signed like any KMS call. */
export function adminService(simulate: (ctx: RequestContext, simulation: KeyAccessSimulation) => Promise<SimulationResult>): JsonService {
  const simulateKeyAccess: BoundOperation = {
    name: "SimulateKeyAccess",
    action: "kms:GetKeyPolicy",
    readOnly: true,
    async invoke(raw, ctx): Promise<SimulateKeyAccessOutput> {
      const input = parseInput(simulateKeyAccessSchema, raw);
      const result = await simulate(ctx, {
        principalArn: input.PrincipalArn,
        action: input.Action,
        key: input.KeyId,
        ...(input.EncryptionContext !== undefined ? { encryptionContext: input.EncryptionContext } : {}),
        ...(input.SourceIp !== undefined ? { sourceIp: input.SourceIp } : {}),
      });
      return {
        Decision: result.allowed ? "allowed" : "denied",
        Reason: result.reason,
        Explanation: result.explanation,
        ...(result.decidedBy !== undefined ? { DecidedBy: result.decidedBy } : {}),
        ...(result.grantId !== undefined ? { GrantId: result.grantId } : {}),
        PrincipalArn: result.principalArn,
        Action: result.action,
        Resource: result.resource,
      };
    },
  };
  return { targetPrefixes: [ADMIN_TARGET_PREFIX], signingName: "kms", auditSource: "strongbox", operations: new Map([["SimulateKeyAccess", simulateKeyAccess]]), internalErrorType: "KMSInternalException" };
}
