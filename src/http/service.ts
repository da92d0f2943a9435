import type { RequestContext } from "../app/context.js";

/** One operation of a service, bound from its wire schema and its use case. */
export interface BoundOperation {
  readonly name: string;
  /** The IAM action, e.g. kms:Encrypt. */
  readonly action: string;
  readonly readOnly: boolean;
  invoke(input: Record<string, unknown>, ctx: RequestContext): Promise<unknown>;
}

/** An AWS JSON service: how requests reach it and what it can do. */
export interface JsonService {
  /** X-Amz-Target prefix, e.g. "TrentService.". */
  readonly targetPrefixes: readonly string[];
  /** The SigV4 service name in the credential scope, e.g. "kms". */
  readonly signingName: string;
  /** Which service the audit trail names as the event source. */
  readonly auditSource: "kms" | "strongbox" | "cloudtrail" | "secretsmanager" | "ssm";
  readonly operations: ReadonlyMap<string, BoundOperation>;
  /** The error type this service answers unexpected faults with. */
  readonly internalErrorType: "KMSInternalException" | "InternalServiceError" | "InternalServerError";
  /** The member of its error bodies that holds the text: KMS writes "message", Secrets Manager "Message". */
  readonly errorMessageMember?: "message" | "Message";
}
