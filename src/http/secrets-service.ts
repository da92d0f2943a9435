import type { SecretsOperations } from "../app/secrets/operations.js";
import { SECRETS_TARGET_PREFIXES, secretsSchemas } from "../protocol/secrets/schemas.js";
import { bindOperations, type JsonService } from "./service.js";

/** Secrets Manager (AWS JSON 1.1, SigV4 for service "secretsmanager"); its error bodies carry "Message". */
export function secretsManagerService(operations: SecretsOperations): JsonService {
  return {
    targetPrefixes: SECRETS_TARGET_PREFIXES,
    signingName: "secretsmanager",
    auditSource: "secretsmanager",
    operations: bindOperations(operations, secretsSchemas),
    internalErrorType: "InternalServiceError",
    errorMessageMember: "Message",
  };
}
