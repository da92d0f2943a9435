import type { ParametersInputs, ParametersOperationName, ParametersOutputs } from "../../core/parameters/operations.js";
import type { RequestedTier } from "../../core/parameters/tiers.js";
import type { PatternMatch } from "../../core/parameters/versions.js";
import type { ParameterRepository } from "../../ports/parameter-repository.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { Handler } from "../operation-table.js";
import type { KmsViaService } from "../secrets/kms-via-service.js";

export type ParametersHandler<K extends ParametersOperationName> = Handler<ParametersInputs[K], ParametersOutputs[K]>;

/** What the Parameter Store use cases need; each factory picks only the parts it uses. */
export interface ParametersDeps {
  /** The policy gate for resources other than KMS keys (the caller's identity policies). */
  readonly authorize: AuthorizeAccess;
  readonly randomBytes: (n: number) => Buffer;
  readonly parameters: ParameterRepository;
  /** KMS, called as the caller through Parameter Store (kms:ViaService ssm.<region>.amazonaws.com). */
  readonly kms: KmsViaService;
  /** The account's default-tier setting (AWS's default: Standard). */
  readonly defaultTier: RequestedTier;
  /** Runs a caller's AllowedPattern with a deadline (a backtracking pattern must not freeze the process). */
  readonly matchPattern: PatternMatch;
}
