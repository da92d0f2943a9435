import type { SecretsInputs, SecretsOutputs } from "../../core/secrets/operations.js";
import type { OperationTable } from "../operation-table.js";
import { makeBatchGetSecretValue } from "./batch-get-secret-value.js";
import { makeCreateSecret } from "./create-secret.js";
import { makeDeleteSecret } from "./delete-secret.js";
import { makeDescribeSecret } from "./describe-secret.js";
import { makeGetRandomPassword } from "./get-random-password.js";
import { makeGetSecretValue } from "./get-secret-value.js";
import type { SecretsDeps } from "./handler.js";
import { makeListSecretVersionIds } from "./list-secret-version-ids.js";
import { makeListSecrets } from "./list-secrets.js";
import { makePutSecretValue } from "./put-secret-value.js";
import { makeDeleteResourcePolicy, makeGetResourcePolicy, makePutResourcePolicy, makeValidateResourcePolicy } from "./resource-policy.js";
import { makeRestoreSecret } from "./restore-secret.js";
import { makeCancelRotateSecret, makeRotateSecret, type RotationDeps } from "./rotate-secret.js";
import { makeTagResource, makeUntagResource } from "./tag-resource.js";
import { makeUpdateSecretVersionStage } from "./update-secret-version-stage.js";
import { makeUpdateSecret } from "./update-secret.js";

export type SecretsOperations = OperationTable<SecretsInputs, SecretsOutputs>;

/** The Secrets Manager operation table: one row per operation, with the IAM action it is authorized as. */
export function makeSecretsOperations(deps: SecretsDeps & RotationDeps): SecretsOperations {
  return {
    CreateSecret: { action: "secretsmanager:CreateSecret", readOnly: false, handler: makeCreateSecret(deps) },
    GetSecretValue: { action: "secretsmanager:GetSecretValue", readOnly: true, handler: makeGetSecretValue(deps) },
    BatchGetSecretValue: { action: "secretsmanager:BatchGetSecretValue", readOnly: true, handler: makeBatchGetSecretValue(deps) },
    PutSecretValue: { action: "secretsmanager:PutSecretValue", readOnly: false, handler: makePutSecretValue(deps) },
    UpdateSecret: { action: "secretsmanager:UpdateSecret", readOnly: false, handler: makeUpdateSecret(deps) },
    DescribeSecret: { action: "secretsmanager:DescribeSecret", readOnly: true, handler: makeDescribeSecret(deps) },
    ListSecrets: { action: "secretsmanager:ListSecrets", readOnly: true, handler: makeListSecrets(deps) },
    ListSecretVersionIds: { action: "secretsmanager:ListSecretVersionIds", readOnly: true, handler: makeListSecretVersionIds(deps) },
    UpdateSecretVersionStage: { action: "secretsmanager:UpdateSecretVersionStage", readOnly: false, handler: makeUpdateSecretVersionStage(deps) },
    DeleteSecret: { action: "secretsmanager:DeleteSecret", readOnly: false, handler: makeDeleteSecret(deps) },
    RestoreSecret: { action: "secretsmanager:RestoreSecret", readOnly: false, handler: makeRestoreSecret(deps) },
    TagResource: { action: "secretsmanager:TagResource", readOnly: false, handler: makeTagResource(deps) },
    UntagResource: { action: "secretsmanager:UntagResource", readOnly: false, handler: makeUntagResource(deps) },
    GetResourcePolicy: { action: "secretsmanager:GetResourcePolicy", readOnly: true, handler: makeGetResourcePolicy(deps) },
    PutResourcePolicy: { action: "secretsmanager:PutResourcePolicy", readOnly: false, handler: makePutResourcePolicy(deps) },
    DeleteResourcePolicy: { action: "secretsmanager:DeleteResourcePolicy", readOnly: false, handler: makeDeleteResourcePolicy(deps) },
    ValidateResourcePolicy: { action: "secretsmanager:ValidateResourcePolicy", readOnly: true, handler: makeValidateResourcePolicy(deps) },
    RotateSecret: { action: "secretsmanager:RotateSecret", readOnly: false, handler: makeRotateSecret(deps) },
    CancelRotateSecret: { action: "secretsmanager:CancelRotateSecret", readOnly: false, handler: makeCancelRotateSecret(deps) },
    GetRandomPassword: { action: "secretsmanager:GetRandomPassword", readOnly: true, handler: makeGetRandomPassword(deps) },
  };
}
