import type { z } from "zod";
import type { KeyAccessSimulation, SimulationResult } from "../app/access/simulate.js";
import type { RequestContext } from "../app/context.js";
import type { ConfigQueries } from "../app/audit/config-queries.js";
import type { FindingsService } from "../app/audit/findings-service.js";
import type { SystemOperations } from "../app/seal/system-operations.js";
import {
  ADMIN_TARGET_PREFIX,
  diffKeyConfigurationSchema,
  emptySchema,
  keyConfigurationHistorySchema,
  listFindingsSchema,
  simulateKeyAccessSchema,
  type SimulateKeyAccessOutput,
} from "../protocol/admin/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { BoundOperation, JsonService } from "./service.js";

/** One admin operation: its wire schema joined with what it does. */
function bind<I>(name: string, action: string, schema: z.ZodType<I, unknown>, run: (input: I, ctx: RequestContext) => Promise<unknown>, readOnly = true): [string, BoundOperation] {
  return [name, { name, action, readOnly, invoke: (raw, ctx) => run(parseInput(schema, raw), ctx) }];
}

/** Strongbox's own API beside the AWS ones (policy simulation, key configuration history, findings, seal and root key rotation), signed like any KMS call. */
export function adminService(
  simulate: (ctx: RequestContext, simulation: KeyAccessSimulation) => Promise<SimulationResult>,
  config: ConfigQueries,
  findings: Pick<FindingsService, "list">,
  system: SystemOperations,
): JsonService {
  const simulateKeyAccess = async (input: z.output<typeof simulateKeyAccessSchema>, ctx: RequestContext): Promise<SimulateKeyAccessOutput> => {
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
  };
  return {
    targetPrefixes: [ADMIN_TARGET_PREFIX],
    signingName: "kms",
    auditSource: "strongbox",
    operations: new Map([
      bind("SimulateKeyAccess", "kms:GetKeyPolicy", simulateKeyAccessSchema, simulateKeyAccess),
      bind("GetKeyConfigurationHistory", "strongbox:GetKeyConfigurationHistory", keyConfigurationHistorySchema, (input, ctx) =>
        config.history(ctx, { keyId: input.KeyId, ...(input.StartTime ? { start: input.StartTime } : {}), ...(input.EndTime ? { end: input.EndTime } : {}) }),
      ),
      bind("DiffKeyConfiguration", "strongbox:GetKeyConfigurationHistory", diffKeyConfigurationSchema, (input, ctx) =>
        config.diff(ctx, { keyId: input.KeyId, from: input.From, to: input.To }),
      ),
      bind("Seal", "strongbox:Seal", emptySchema, (_input, ctx) => system.seal(ctx), false),
      bind("RotateRootKey", "strongbox:RotateRootKey", emptySchema, (_input, ctx) => system.rotateRoot(ctx), false),
      bind("ListFindings", "strongbox:ListFindings", listFindingsSchema, (input, ctx) =>
        findings.list(ctx, { ...(input.Severity ? { severity: input.Severity } : {}), ...(input.Rule ? { rule: input.Rule } : {}), limit: input.MaxResults ?? 100 }),
      ),
    ]),
    internalErrorType: "KMSInternalException",
  };
}
