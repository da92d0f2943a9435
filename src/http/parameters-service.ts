import type { ParametersOperations } from "../app/parameters/operations.js";
import type { ParametersOperationName } from "../core/parameters/operations.js";
import { PARAMETERS_TARGET_PREFIXES, parametersSchemas } from "../protocol/parameters/schemas.js";
import { parseInput } from "../protocol/validation.js";
import type { BoundOperation, JsonService } from "./service.js";

/**
 * Systems Manager Parameter Store (AWS JSON 1.1, `AmazonSSM.<Operation>`, SigV4 for service "ssm"):
 * each wire schema joined with its use case. Error bodies carry "message" (the model's member for
 * most SSM errors; the SDKs read either spelling for the few modelled with "Message").
 */
export function parameterStoreService(operations: ParametersOperations): JsonService {
  const bound = new Map<string, BoundOperation>();
  for (const name of Object.keys(operations) as ParametersOperationName[]) bound.set(name, bindOperation(name, operations[name]));
  return {
    targetPrefixes: PARAMETERS_TARGET_PREFIXES,
    signingName: "ssm",
    auditSource: "ssm",
    operations: bound,
    internalErrorType: "InternalServerError",
    errorMessageMember: "message",
  };
}

function bindOperation<K extends ParametersOperationName>(name: K, row: ParametersOperations[K]): BoundOperation {
  const { action, readOnly, handler } = row;
  const schema = parametersSchemas[name];
  return { name, action, readOnly, invoke: (raw, ctx) => handler(parseInput(schema, raw), ctx) };
}
