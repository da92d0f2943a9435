import type { KmsOperations } from "../app/kms/operations.js";
import { kmsSchemas } from "../protocol/kms/schemas.js";
import { bindOperations, type JsonService } from "./service.js";

/** KMS (AWS JSON 1.1, target prefix TrentService., SigV4 for service "kms"). */
export function kmsService(operations: KmsOperations): JsonService {
  return { targetPrefixes: ["TrentService."], signingName: "kms", auditSource: "kms", operations: bindOperations(operations, kmsSchemas), internalErrorType: "KMSInternalException" };
}
