import { ServiceError } from "../../core/errors.js";
import { INVALID_NAME_MESSAGE } from "../../core/secrets/names.js";

/** Secrets Manager's errors, with AWS's texts (docs/research/secrets-manager-reference.md §2.10). */
export const secretFails = {
  notFound: () => new ServiceError("ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
  invalidName: () => new ServiceError("ValidationException", INVALID_NAME_MESSAGE),
  markedForDeletion: () => new ServiceError("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion."),
  noValueForStage: (stage: string) => new ServiceError("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for staging label: ${stage}`),
  noValueForVersion: (versionId: string) => new ServiceError("ResourceNotFoundException", `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`),
  stageNotOnVersion: () => new ServiceError("InvalidRequestException", "You provided a VersionStage that is not associated to the provided VersionId."),
  tokenRequired: (type: "InvalidRequestException" | "InvalidParameterException" = "InvalidRequestException") =>
    new ServiceError(type, "You must provide a ClientRequestToken value. We recommend a UUID-type value."),
  bothValues: () => new ServiceError("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret."),
  versionExists: () => new ServiceError("ResourceExistsException", "You can't modify an existing version, you can only create a new version."),
  conflict: () => new ServiceError("InternalServiceError", "The secret was changed by another request at the same time. Retry the request."),
};
