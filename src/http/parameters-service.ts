import type { ParametersOperations } from "../app/parameters/operations.js";
import { PARAMETERS_TARGET_PREFIXES, parametersSchemas } from "../protocol/parameters/schemas.js";
import { bindOperations, type JsonService } from "./service.js";

/**
 * Systems Manager Parameter Store (AWS JSON 1.1, `AmazonSSM.<Operation>`, SigV4 for service "ssm").
 * Error bodies carry "message" (the model's member for most SSM errors; the SDKs read either
 * spelling for the few modelled with "Message").
 */
export function parameterStoreService(operations: ParametersOperations): JsonService {
  return {
    targetPrefixes: PARAMETERS_TARGET_PREFIXES,
    signingName: "ssm",
    auditSource: "ssm",
    operations: bindOperations(operations, parametersSchemas),
    internalErrorType: "InternalServerError",
    errorMessageMember: "message",
  };
}
