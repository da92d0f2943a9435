import type { Handler, OperationTable } from "../operation-table.js";
import { makeAssumeRole, type AssumeRoleDeps } from "./assume-role.js";
import { makeGetCallerIdentity } from "./get-caller-identity.js";
import type { StsActionName, StsInputs, StsOutputs } from "./model.js";

export type StsHandler<K extends StsActionName> = Handler<StsInputs[K], StsOutputs[K]>;

export type StsOperations = OperationTable<StsInputs, StsOutputs>;

/** The STS operation table. */
export function makeStsOperations(deps: AssumeRoleDeps): StsOperations {
  return {
    GetCallerIdentity: { action: "sts:GetCallerIdentity", readOnly: true, handler: makeGetCallerIdentity() },
    AssumeRole: { action: "sts:AssumeRole", readOnly: false, handler: makeAssumeRole(deps) },
  };
}
