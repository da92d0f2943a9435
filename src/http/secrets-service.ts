import type { SecretsOperations } from "../app/secrets/operations.js";
import type { SecretsOperationName } from "../core/secrets/operations.js";
import { SECRETS_TARGET_PREFIXES, secretsSchemas } from "../protocol/secrets/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { BoundOperation, JsonService } from "./service.js";

/** Secrets Manager (AWS JSON 1.1, SigV4 for service "secretsmanager"): each wire schema joined with its use case. */
export function secretsManagerService(operations: SecretsOperations): JsonService {
  const bound = new Map<string, BoundOperation>();
  for (const name of Object.keys(operations) as SecretsOperationName[]) bound.set(name, bindOperation(name, operations[name]));
  return {
    targetPrefixes: SECRETS_TARGET_PREFIXES,
    signingName: "secretsmanager",
    auditSource: "secretsmanager",
    operations: bound,
    internalErrorType: "InternalServiceError",
    errorMessageMember: "Message",
  };
}

function bindOperation<K extends SecretsOperationName>(name: K, row: SecretsOperations[K]): BoundOperation {
  const { action, readOnly, handler } = row;
  const schema = secretsSchemas[name];
  return { name, action, readOnly, invoke: (raw, ctx) => handler(parseInput(schema, raw), ctx) };
}
