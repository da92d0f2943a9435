import type { SecretsInputs, SecretsOutputs } from "../../core/secrets/operations.js";
import type { OperationTable } from "../operation-table.js";
import { makeGetRandomPassword } from "./get-random-password.js";
import type { SecretsDeps } from "./handler.js";

export type SecretsOperations = OperationTable<SecretsInputs, SecretsOutputs>;
/**
 * The rows written so far. Temporary, while the use cases are written one by one: once every
 * operation has its use case, makeSecretsOperations returns the whole SecretsOperations again,
 * and the compiler once more refuses a missing row.
 */
export type ServedSecretsOperations = Pick<SecretsOperations, "GetRandomPassword">;

/** The Secrets Manager operation table: one row per operation (docs/research/issue-8-plan.md lists what is to come). */
export function makeSecretsOperations(deps: SecretsDeps): ServedSecretsOperations {
  return {
    GetRandomPassword: { action: "secretsmanager:GetRandomPassword", readOnly: true, handler: makeGetRandomPassword(deps) },
  };
}
