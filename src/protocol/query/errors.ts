import type { ErrorType, ServiceError } from "../../core/errors.js";

/**
 * The error codes the AWS Query services (IAM, STS) answer with, and their HTTP status: the
 * service-specific ones from the SDK model (awsQueryError), the common ones from the AWS
 * "Common Errors" reference. docs/iam.md lists this table; errors.test.ts keeps the two in step.
 */
export const QUERY_ERROR_TABLE = Object.freeze({
  // IAM (the SDK model's awsQueryError codes)
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  LimitExceeded: 409,
  DeleteConflict: 409,
  ConcurrentModification: 409,
  MalformedPolicyDocument: 400,
  InvalidInput: 400,
  ServiceFailure: 500,
  // Common to the Query services
  ValidationError: 400,
  AccessDenied: 403,
  InvalidAction: 400,
  Throttling: 400,
  RequestEntityTooLarge: 413,
  ServiceUnavailable: 503,
  InternalFailure: 500,
  // Authentication
  MissingAuthenticationToken: 403,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  IncompleteSignature: 400,
  ExpiredToken: 403,
} as const satisfies Record<string, number>);

export type QueryErrorCode = keyof typeof QUERY_ERROR_TABLE;

/**
 * The Query code for an error raised in AWS JSON terms (authentication, the policy gate, schema
 * validation): the same condition under the name the Query services give it.
 */
const FROM_JSON_TYPE: { readonly [T in ErrorType]?: QueryErrorCode } = {
  AccessDeniedException: "AccessDenied",
  UnrecognizedClientException: "InvalidClientTokenId",
  InvalidSignatureException: "SignatureDoesNotMatch",
  IncompleteSignatureException: "IncompleteSignature",
  MissingAuthenticationTokenException: "MissingAuthenticationToken",
  ExpiredTokenException: "ExpiredToken",
  ValidationException: "ValidationError",
  SerializationException: "ValidationError",
  UnknownOperationException: "InvalidAction",
  ThrottlingException: "Throttling",
  RequestEntityTooLargeException: "RequestEntityTooLarge",
  ServiceUnavailableException: "ServiceUnavailable",
  NotFoundException: "NoSuchEntity",
  AlreadyExistsException: "EntityAlreadyExists",
  LimitExceededException: "LimitExceeded",
  ConflictException: "ConcurrentModification",
  MalformedPolicyDocumentException: "MalformedPolicyDocument",
};

export interface QueryError {
  readonly type: "Sender" | "Receiver";
  readonly code: QueryErrorCode;
  readonly status: number;
  readonly message: string;
}

export function queryError(code: QueryErrorCode, message: string): QueryError {
  const status = QUERY_ERROR_TABLE[code];
  return { type: status >= 500 ? "Receiver" : "Sender", code, status, message };
}

/**
 * A ServiceError as a Query service answers it. `code` is the Query code the error was raised
 * with, when it was; otherwise the JSON type is translated. Server faults become the service's
 * internal failure with the message given for it; a client fault with no Query twin stays a
 * client fault (ValidationError), never a 5xx that SDKs would retry.
 */
export function toQueryError(error: ServiceError, code: QueryErrorCode | undefined, internal: { code: QueryErrorCode; message: string }): QueryError {
  if (code !== undefined) return queryError(code, error.message);
  const translated = FROM_JSON_TYPE[error.type];
  if (translated === "ServiceUnavailable") return queryError(translated, error.message);
  if (error.status >= 500) return queryError(internal.code, internal.message);
  return queryError(translated ?? "ValidationError", error.message);
}
