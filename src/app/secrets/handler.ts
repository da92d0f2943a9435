import type { SecretsInputs, SecretsOperationName, SecretsOutputs } from "../../core/secrets/operations.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { Handler } from "../operation-table.js";

export type SecretsHandler<K extends SecretsOperationName> = Handler<SecretsInputs[K], SecretsOutputs[K]>;

/** What the Secrets Manager use cases need. */
export interface SecretsDeps {
  /** The policy gate for resources other than KMS keys (identity policies; a resource policy when given). */
  readonly authorize: AuthorizeAccess;
  readonly randomBytes: (n: number) => Buffer;
}
