import type { KmsOperations } from "../app/kms/operations.js";
import type { KmsOperationName } from "../core/kms/operations.js";
import { kmsSchemas } from "../protocol/kms/schemas.js";
import { parseInput } from "../protocol/validation.js";
import { disposeSecrets } from "./dispose-output.js";
import type { BoundOperation, JsonService } from "./service.js";

/** Joins each KMS wire schema with its use case: parse, run, and wipe the secrets of the input. */
export function kmsService(operations: KmsOperations): JsonService {
  const bound = new Map<string, BoundOperation>();
  for (const name of Object.keys(operations) as KmsOperationName[]) {
    bound.set(name, bindOperation(name, operations));
  }
  return { targetPrefixes: ["TrentService."], signingName: "kms", auditSource: "kms", operations: bound, internalErrorType: "KMSInternalException" };
}

function bindOperation<K extends KmsOperationName>(name: K, operations: KmsOperations): BoundOperation {
  const { action, readOnly, handler } = operations[name];
  const schema = kmsSchemas[name];
  return {
    name,
    action,
    readOnly,
    async invoke(raw, ctx) {
      const input = parseInput(schema, raw);
      try {
        return await handler(input, ctx);
      } finally {
        disposeSecrets(input);
      }
    },
  };
}
