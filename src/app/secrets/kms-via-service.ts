import { apiCallEvent, type AuditEvent } from "../../core/audit/index.js";
import { isServiceError, ServiceError } from "../../core/errors.js";
import { viaServiceName, type ManagingService } from "../../core/kms/aws-managed-key.js";
import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import { parseKeyRef } from "../../core/kms/identifiers.js";
import type { KmsInputs, KmsOutputs } from "../../core/kms/operations.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { AwsManagedKeyFor } from "../kms/aws-managed-keys.js";
import type { RequestContext } from "../context.js";
import type { Handler } from "../operation-table.js";

/** KMS as a service (Secrets Manager, Parameter Store) uses it for its caller. */
export interface KmsViaService {
  /** A fresh AES-256 data key under `keyId` (undefined: the service's AWS managed key). */
  generateDataKey(ctx: RequestContext, keyId: string | undefined, context: EncryptionContext): Promise<{ plaintext: SecretBytes; ciphertext: Buffer; keyArn: string }>;
  decrypt(ctx: RequestContext, ciphertext: Buffer, context: EncryptionContext): Promise<{ plaintext: SecretBytes; keyArn: string }>;
}

export interface KmsViaServiceDeps {
  readonly service: ManagingService;
  readonly generateDataKey: Handler<KmsInputs["GenerateDataKey"], KmsOutputs["GenerateDataKey"]>;
  readonly decrypt: Handler<KmsInputs["Decrypt"], KmsOutputs["Decrypt"]>;
  readonly managedKeyFor: AwsManagedKeyFor;
  /** Where the KMS calls are recorded: each one is a KMS event of its own in the trail, as in CloudTrail. */
  readonly recordAudit: (event: AuditEvent) => Promise<void>;
  readonly newRequestId: () => string;
}

/** How each service reports a KMS refusal: the error type and text for a denied key, and for any other failure. */
interface ViaServiceFailures {
  readonly accessDenied: (operation: "GenerateDataKey" | "Decrypt", kmsMessage: string) => ServiceError;
  readonly failed: (operation: "GenerateDataKey" | "Decrypt", error: ServiceError) => ServiceError;
}

const FAILURES: Readonly<Record<ManagingService, ViaServiceFailures>> = {
  secretsmanager: {
    // AWS's message when the caller may use the service but not the key.
    accessDenied: () => new ServiceError("AccessDeniedException", "Access to KMS is not allowed"),
    failed: (operation, error) =>
      operation === "GenerateDataKey"
        ? serviceFailure(error, "EncryptionFailure", "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state")
        : serviceFailure(error, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key"),
  },
  ssm: {
    // Parameter Store relays KMS's refusal as AccessDeniedException, naming KMS as its source. On a read
    // AWS answers with KMS's Decrypt text (widely reported); on a write KMS's own text (its form unverified).
    accessDenied: (operation, kmsMessage) =>
      new ServiceError(
        "AccessDeniedException",
        operation === "Decrypt"
          ? "The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access. (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)"
          : `${kmsMessage} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)`,
      ),
    // Key not found, disabled, pending deletion...: InvalidKeyId "with a detailed error message from AWS KMS" [KMS-PS].
    failed: (_operation, error) => new ServiceError("InvalidKeyId", `${error.message} (Service: AWSKMS; Status Code: 400; Error Code: ${error.type})`),
  },
};

/**
 * Calls the KMS use cases in process, as the caller, the way AWS services do with forward access
 * sessions: kms:ViaService and aws:ViaAWSService are set, aws:SourceIp is absent, and the trail
 * records a KMS event whose userIdentity is the caller's, invokedBy the service. KMS refusals
 * become the service's errors (AccessDeniedException, EncryptionFailure, DecryptionFailure).
 */
export function makeKmsViaService(deps: KmsViaServiceDeps): KmsViaService {
  const invoker = `${deps.service}.amazonaws.com`;

  async function call<O extends { readonly KeyId: string }>(
    ctx: RequestContext,
    operation: "GenerateDataKey" | "Decrypt",
    wireInput: Record<string, unknown>,
    run: (kmsCtx: RequestContext) => Promise<O>,
  ): Promise<O> {
    const kmsCtx: RequestContext = { ...ctx, requestId: deps.newRequestId(), sourceIp: "", viaService: viaServiceName(deps.service, ctx.region) };
    let output: O | undefined;
    let failure: unknown;
    try {
      output = await run(kmsCtx);
    } catch (error) {
      failure = error;
    }
    const keyArn = output?.KeyId ?? (typeof wireInput["KeyId"] === "string" && wireInput["KeyId"].startsWith("arn:") ? wireInput["KeyId"] : undefined);
    const event = apiCallEvent({
      service: "kms",
      operation,
      caller: ctx.caller,
      accountId: ctx.caller.accountId,
      region: ctx.region,
      sourceIp: invoker,
      userAgent: invoker,
      requestId: kmsCtx.requestId,
      eventId: deps.newRequestId(),
      time: ctx.now,
      input: wireInput,
      output: failure === undefined ? { KeyId: output?.KeyId } : undefined,
      ...(failure !== undefined ? { error: isServiceError(failure) ? { code: failure.type, message: failure.message.slice(0, 1024) } : { code: "InternalFailure", message: "An internal error occurred." } } : {}),
      readOnly: true,
      invokedBy: invoker,
      ...(keyArn !== undefined ? { resources: [{ accountId: keyArn.split(":")[4] ?? "", type: "AWS::KMS::Key", ARN: keyArn }] } : {}),
    });
    try {
      await deps.recordAudit(event);
    } catch (error) {
      // The call happened but cannot be recorded: its result is not handed out (audit fails closed).
      (output as { Plaintext?: SecretBytes } | undefined)?.Plaintext?.dispose();
      throw error;
    }
    if (failure !== undefined) throw failure;
    return output!;
  }

  return {
    async generateDataKey(ctx, keyId, context) {
      const target = keyId ?? (await deps.managedKeyFor(ctx, deps.service));
      try {
        const output = await call(ctx, "GenerateDataKey", { KeyId: target, EncryptionContext: context, KeySpec: "AES_256" }, (kmsCtx) =>
          deps.generateDataKey({ KeyId: parseKeyRef(target), EncryptionContext: context, KeySpec: "AES_256" }, kmsCtx),
        );
        return { plaintext: output.Plaintext, ciphertext: output.CiphertextBlob, keyArn: output.KeyId };
      } catch (error) {
        throw asServiceFailure(FAILURES[deps.service], "GenerateDataKey", error);
      }
    },
    async decrypt(ctx, ciphertext, context) {
      try {
        const output = await call(ctx, "Decrypt", { EncryptionContext: context }, (kmsCtx) => deps.decrypt({ CiphertextBlob: ciphertext, EncryptionContext: context }, kmsCtx));
        return { plaintext: output.Plaintext, keyArn: output.KeyId };
      } catch (error) {
        throw asServiceFailure(FAILURES[deps.service], "Decrypt", error);
      }
    },
  };
}

/** A KMS refusal as the calling service reports it. */
function asServiceFailure(failures: ViaServiceFailures, operation: "GenerateDataKey" | "Decrypt", error: unknown): unknown {
  if (!isServiceError(error)) return error;
  if (error.type === "AccessDeniedException") return failures.accessDenied(operation, error.message);
  return failures.failed(operation, error);
}

/** Secrets Manager's form: its own text, then KMS's reason, since it names only the key. */
function serviceFailure(error: ServiceError, type: "EncryptionFailure" | "DecryptionFailure", message: string): ServiceError {
  if (error.type === "InvalidCiphertextException") return new ServiceError(type, `${message}.`);
  return new ServiceError(type, `${message}: ${error.message}`);
}
