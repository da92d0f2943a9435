import type { KeyAccessSimulation, SimulationResult } from "../app/access/simulate.js";
import type { RequestContext } from "../app/context.js";
import type { ConfigQueries } from "../app/audit/config-queries.js";
import type { FindingsService } from "../app/audit/findings-service.js";
import { ADMIN_TARGET_PREFIX, diffKeyConfigurationSchema, keyConfigurationHistorySchema, listFindingsSchema, simulateKeyAccessSchema, type SimulateKeyAccessOutput } from "../protocol/admin/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { BoundOperation, JsonService } from "./service.js";

/** Strongbox's own API beside the AWS ones: policy simulation and key configuration history, signed like any KMS call. */
export function adminService(
  simulate: (ctx: RequestContext, simulation: KeyAccessSimulation) => Promise<SimulationResult>,
  config: ConfigQueries,
  findings: Pick<FindingsService, "list">,
): JsonService {
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
  const history: BoundOperation = {
    name: "GetKeyConfigurationHistory",
    action: "strongbox:GetKeyConfigurationHistory",
    readOnly: true,
    async invoke(raw, ctx) {
      const input = parseInput(keyConfigurationHistorySchema, raw);
      return config.history(ctx, { keyId: input.KeyId, ...(input.StartTime ? { start: input.StartTime } : {}), ...(input.EndTime ? { end: input.EndTime } : {}) });
    },
  };
  const diff: BoundOperation = {
    name: "DiffKeyConfiguration",
    action: "strongbox:GetKeyConfigurationHistory",
    readOnly: true,
    async invoke(raw, ctx) {
      const input = parseInput(diffKeyConfigurationSchema, raw);
      return config.diff(ctx, { keyId: input.KeyId, from: input.From, to: input.To });
    },
  };
  const listFindings: BoundOperation = {
    name: "ListFindings",
    action: "strongbox:ListFindings",
    readOnly: true,
    async invoke(raw, ctx) {
      const input = parseInput(listFindingsSchema, raw);
      return findings.list(ctx, { ...(input.Severity ? { severity: input.Severity } : {}), ...(input.Rule ? { rule: input.Rule } : {}), limit: input.MaxResults ?? 100 });
    },
  };
  return {
    targetPrefixes: [ADMIN_TARGET_PREFIX],
    signingName: "kms",
    auditSource: "strongbox",
    operations: new Map([
      ["SimulateKeyAccess", simulateKeyAccess],
      ["GetKeyConfigurationHistory", history],
      ["DiffKeyConfiguration", diff],
      ["ListFindings", listFindings],
    ]),
    internalErrorType: "KMSInternalException",
  };
}
