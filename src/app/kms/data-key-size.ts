import { ServiceError } from "../../core/errors.js";
import type { DataKeySpec } from "../../core/kms/operations.js";

/** GenerateDataKey takes exactly one of KeySpec and NumberOfBytes. */
export function dataKeyBytes(input: { KeySpec?: DataKeySpec; NumberOfBytes?: number }): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw new ServiceError("ValidationException", "Please specify either number of bytes or key spec.");
  }
  if (input.NumberOfBytes !== undefined) return input.NumberOfBytes;
  return input.KeySpec === "AES_128" ? 16 : 32;
}
