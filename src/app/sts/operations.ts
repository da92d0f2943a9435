import type { RequestContext } from "../context.js";
import { makeAssumeRole, type AssumeRoleDeps } from "./assume-role.js";
import { makeGetCallerIdentity } from "./get-caller-identity.js";
import type { StsActionName, StsInputs, StsOutputs } from "./model.js";

export type StsHandler<K extends StsActionName> = (input: StsInputs[K], ctx: RequestContext) => Promise<StsOutputs[K]>;

export interface StsOperation<K extends StsActionName> {
  readonly action: string;
  readonly readOnly: boolean;
  readonly handler: StsHandler<K>;
}

export type StsOperations = { readonly [K in StsActionName]: StsOperation<K> };

/** The STS operation table. */
export function makeStsOperations(deps: AssumeRoleDeps): StsOperations {
  return {
    GetCallerIdentity: { action: "sts:GetCallerIdentity", readOnly: true, handler: makeGetCallerIdentity() },
    AssumeRole: { action: "sts:AssumeRole", readOnly: false, handler: makeAssumeRole(deps) },
  };
}
