import type { SecretsInputs, SecretsOperationName, SecretsOutputs } from "../../core/secrets/operations.js";
import type { SecretRepository } from "../../ports/secret-repository.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { Handler } from "../operation-table.js";
import type { KmsViaService } from "./kms-via-service.js";

export type SecretsHandler<K extends SecretsOperationName> = Handler<SecretsInputs[K], SecretsOutputs[K]>;

/** What the Secrets Manager use cases need; each factory picks only the parts it uses. */
export interface SecretsDeps {
  /** The policy gate for resources other than KMS keys (identity policies; a resource policy when given). */
  readonly authorize: AuthorizeAccess;
  readonly randomBytes: (n: number) => Buffer;
  readonly secrets: SecretRepository;
  /** KMS, called as the caller through Secrets Manager (kms:ViaService). */
  readonly kms: KmsViaService;
}
