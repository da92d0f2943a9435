import { ServiceError, type ErrorType } from "../../core/errors.js";

/**
 * The error codes of the IAM and STS Query APIs that the use cases raise. The protocol layer's
 * table (src/protocol/query/errors.ts) gives each its HTTP status; the JSON twin is what the error
 * would be called by an AWS JSON service, so that any path that does not know Query codes still
 * answers with a client fault of the right kind.
 */
export type IamErrorCode = "NoSuchEntity" | "EntityAlreadyExists" | "LimitExceeded" | "DeleteConflict" | "MalformedPolicyDocument" | "InvalidInput" | "ValidationError";

const JSON_TWIN: Readonly<Record<IamErrorCode, ErrorType>> = {
  NoSuchEntity: "NotFoundException",
  EntityAlreadyExists: "AlreadyExistsException",
  LimitExceeded: "LimitExceededException",
  DeleteConflict: "ConflictException",
  MalformedPolicyDocument: "MalformedPolicyDocumentException",
  InvalidInput: "ValidationException",
  ValidationError: "ValidationException",
};

export class IamError extends ServiceError {
  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(JSON_TWIN[code], message);
  }
}

export const iamFail = {
  noSuchUser: (name: string) => new IamError("NoSuchEntity", `The user with name ${name} cannot be found.`),
  noSuchRole: (name: string) => new IamError("NoSuchEntity", `The role with name ${name} cannot be found.`),
  noSuchAccessKey: (id: string) => new IamError("NoSuchEntity", `The Access Key with id ${id} cannot be found.`),
  noSuchPolicy: (kind: "user" | "role", policyName: string) => new IamError("NoSuchEntity", `The ${kind} policy with name ${policyName} cannot be found.`),
  userExists: (name: string) => new IamError("EntityAlreadyExists", `User with name ${name} already exists.`),
  roleExists: (name: string) => new IamError("EntityAlreadyExists", `Role with name ${name} already exists.`),
  mustNameUser: () => new IamError("ValidationError", "Must specify userName when calling with non-User credentials"),
} as const;
