/**
 * Errors are data: every failure a caller can see is a ServiceError whose `type` is the AWS
 * `__type` from the table below, with the HTTP status AWS answers it with. Anything thrown that
 * is not a ServiceError is an internal fault and is reported as KMSInternalException with a
 * fixed message. docs/errors.md lists the table; errors.test.ts keeps the two in step.
 */
export const ERROR_TABLE = Object.freeze({
  // KMS. Real KMS answers every client fault with 400 (the SDK model's 404/409 codes are not what
  // the service sends; docs/research/kms-api-reference.md §2.2), server faults with 500.
  AlreadyExistsException: { status: 400, fault: "client" },
  CloudHsmClusterInUseException: { status: 400, fault: "client" },
  CloudHsmClusterInvalidConfigurationException: { status: 400, fault: "client" },
  CloudHsmClusterNotActiveException: { status: 400, fault: "client" },
  CloudHsmClusterNotFoundException: { status: 400, fault: "client" },
  CloudHsmClusterNotRelatedException: { status: 400, fault: "client" },
  ConflictException: { status: 400, fault: "client" },
  CustomKeyStoreHasCMKsException: { status: 400, fault: "client" },
  CustomKeyStoreInvalidStateException: { status: 400, fault: "client" },
  CustomKeyStoreNameInUseException: { status: 400, fault: "client" },
  CustomKeyStoreNotFoundException: { status: 400, fault: "client" },
  DependencyTimeoutException: { status: 500, fault: "server" },
  DisabledException: { status: 400, fault: "client" },
  DryRunOperationException: { status: 412, fault: "client" },
  ExpiredImportTokenException: { status: 400, fault: "client" },
  IncorrectKeyException: { status: 400, fault: "client" },
  IncorrectKeyMaterialException: { status: 400, fault: "client" },
  IncorrectTrustAnchorException: { status: 400, fault: "client" },
  InvalidAliasNameException: { status: 400, fault: "client" },
  InvalidArnException: { status: 400, fault: "client" },
  InvalidCiphertextException: { status: 400, fault: "client" },
  InvalidGrantIdException: { status: 400, fault: "client" },
  InvalidGrantTokenException: { status: 400, fault: "client" },
  InvalidImportTokenException: { status: 400, fault: "client" },
  InvalidKeyUsageException: { status: 400, fault: "client" },
  InvalidMarkerException: { status: 400, fault: "client" },
  KMSInternalException: { status: 500, fault: "server" },
  KMSInvalidMacException: { status: 400, fault: "client" },
  KMSInvalidSignatureException: { status: 400, fault: "client" },
  KMSInvalidStateException: { status: 400, fault: "client" },
  KeyUnavailableException: { status: 500, fault: "server" },
  LimitExceededException: { status: 400, fault: "client" },
  MalformedPolicyDocumentException: { status: 400, fault: "client" },
  NotAuthorizedException: { status: 400, fault: "client" },
  NotFoundException: { status: 400, fault: "client" },
  TagException: { status: 400, fault: "client" },
  UnsupportedOperationException: { status: 400, fault: "client" },
  // CloudTrail (LookupEvents)
  InvalidLookupAttributesException: { status: 400, fault: "client" },
  InvalidTimeRangeException: { status: 400, fault: "client" },
  InvalidMaxResultsException: { status: 400, fault: "client" },
  InvalidNextTokenException: { status: 400, fault: "client" },
  InvalidEventCategoryException: { status: 400, fault: "client" },
  // Secrets Manager: every client fault 400, InternalServiceError 500 (docs/research/secrets-manager-reference.md §2.2)
  InvalidParameterException: { status: 400, fault: "client" },
  InvalidRequestException: { status: 400, fault: "client" },
  ResourceNotFoundException: { status: 400, fault: "client" },
  ResourceExistsException: { status: 400, fault: "client" },
  EncryptionFailure: { status: 400, fault: "client" },
  DecryptionFailure: { status: 400, fault: "client" },
  PublicPolicyException: { status: 400, fault: "client" },
  InternalServiceError: { status: 500, fault: "server" },
  // Systems Manager Parameter Store: every client fault 400 (real AWS answers ParameterNotFound with 400, not the
  // SDK model's 404; docs/research/ssm-parameter-store-reference.md §2.2), InternalServerError 500.
  ParameterNotFound: { status: 400, fault: "client" },
  ParameterAlreadyExists: { status: 400, fault: "client" },
  ParameterVersionNotFound: { status: 400, fault: "client" },
  ParameterVersionLabelLimitExceeded: { status: 400, fault: "client" },
  ParameterMaxVersionLimitExceeded: { status: 400, fault: "client" },
  ParameterLimitExceeded: { status: 400, fault: "client" },
  ParameterPatternMismatchException: { status: 400, fault: "client" },
  HierarchyLevelLimitExceededException: { status: 400, fault: "client" },
  HierarchyTypeMismatchException: { status: 400, fault: "client" },
  InvalidFilterKey: { status: 400, fault: "client" },
  InvalidFilterOption: { status: 400, fault: "client" },
  InvalidFilterValue: { status: 400, fault: "client" },
  InvalidKeyId: { status: 400, fault: "client" },
  InvalidAllowedPatternException: { status: 400, fault: "client" },
  InvalidPolicyTypeException: { status: 400, fault: "client" },
  InvalidPolicyAttributeException: { status: 400, fault: "client" },
  PoliciesLimitExceededException: { status: 400, fault: "client" },
  IncompatiblePolicyException: { status: 400, fault: "client" },
  UnsupportedParameterType: { status: 400, fault: "client" },
  InvalidResourceId: { status: 400, fault: "client" },
  InvalidResourceType: { status: 400, fault: "client" },
  TooManyTagsError: { status: 400, fault: "client" },
  TooManyUpdates: { status: 400, fault: "client" },
  InvalidNextToken: { status: 400, fault: "client" },
  InternalServerError: { status: 500, fault: "server" },
  // Common to the AWS JSON services
  ValidationException: { status: 400, fault: "client" },
  SerializationException: { status: 400, fault: "client" },
  UnknownOperationException: { status: 400, fault: "client" },
  AccessDeniedException: { status: 400, fault: "client" },
  ThrottlingException: { status: 400, fault: "client" },
  RequestEntityTooLargeException: { status: 413, fault: "client" },
  ServiceUnavailableException: { status: 503, fault: "server" },
  // Authentication (SigV4)
  MissingAuthenticationTokenException: { status: 400, fault: "client" },
  UnrecognizedClientException: { status: 400, fault: "client" },
  InvalidSignatureException: { status: 400, fault: "client" },
  IncompleteSignatureException: { status: 400, fault: "client" },
  ExpiredTokenException: { status: 400, fault: "client" },
} as const satisfies Record<string, { status: number; fault: "client" | "server" }>);

export type ErrorType = keyof typeof ERROR_TABLE;

export class ServiceError extends Error {
  readonly type: ErrorType;

  constructor(type: ErrorType, message: string) {
    super(message);
    this.name = type;
    this.type = type;
  }

  get status(): number {
    return ERROR_TABLE[this.type].status;
  }
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}

/** The fixed answer for anything unexpected: no detail of the fault leaves the process. */
export const INTERNAL_ERROR_MESSAGE = "An internal error occurred. Retry the request; if it fails again, report the request id.";

export const fail = {
  keyNotFound: (arn: string) => new ServiceError("NotFoundException", `Key '${arn}' does not exist`),
  aliasNotFound: (aliasArn: string) => new ServiceError("NotFoundException", `Alias ${aliasArn} is not found.`),
  invalidKeyId: (raw: string) => new ServiceError("NotFoundException", `Invalid keyId '${raw}'`),
  invalidArnRegion: (region: string) => new ServiceError("NotFoundException", `Invalid arn ${region}`),
  disabled: (arn: string) => new ServiceError("DisabledException", `${arn} is disabled.`),
  invalidCiphertext: () => new ServiceError("InvalidCiphertextException", ""),
  dryRun: () => new ServiceError("DryRunOperationException", "The request would have succeeded, but the DryRun option is set."),
} as const;
