import type { AuditEvent } from "../../core/audit/index.js";
import { isServiceError, ServiceError } from "../../core/errors.js";
import { serviceCallEvent } from "../audit/service-calls.js";
import { viaServiceName, type ManagingService } from "../../core/kms/aws-managed-key.js";
import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import { aliasArn, keyArn, parseKeyRef } from "../../core/kms/identifiers.js";
import type { KmsInputs, KmsOutputs } from "../../core/kms/operations.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { AwsManagedKeyFor } from "../kms/aws-managed-keys.js";
import type { RequestContext } from "../context.js";
import type { Handler } from "../operation-table.js";

/** The account and Region of the resource (secret, parameter) the KMS call is for. */
export interface ResourceOwner {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/** A key id or alias name as the owner's ARN; ARNs as given. */
function inOwnersAccount(keyId: string, owner: ResourceOwner): string {
  const ref = parseKeyRef(keyId);
  if (ref.kind === "keyId") return keyArn(owner, ref.keyId);
  if (ref.kind === "aliasName") return aliasArn(owner, ref.aliasName);
  return keyId;
}

/** KMS as a service (Secrets Manager, Parameter Store) uses it for its caller. */
export interface KmsViaService {
  /**
   * A fresh AES-256 data key under `keyId` (undefined: the service's AWS managed key). A key id or
   * alias name is looked up in the resource owner's account, not the caller's: a caller of another
   * account writing to a secret must use the owner's key, as in AWS.
   */
  generateDataKey(ctx: RequestContext, keyId: string | undefined, context: EncryptionContext, owner: ResourceOwner): Promise<{ plaintext: SecretBytes; ciphertext: Buffer; keyArn: string }>;
  /**
   * Decrypts a data key; when `keyArn` is given it must be under that key (KMS refuses another, so
   * a data key swapped in the store for one under another key does not open).
   */
  decrypt(ctx: RequestContext, ciphertext: Buffer, context: EncryptionContext, keyArn?: string): Promise<{ plaintext: SecretBytes; keyArn: string }>;
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
    const usedKey = output?.KeyId ?? (typeof wireInput["KeyId"] === "string" && wireInput["KeyId"].startsWith("arn:") ? wireInput["KeyId"] : undefined);
    const event = serviceCallEvent({
      service: "kms",
      operation,
      ctx: kmsCtx,
      input: wireInput,
      ...(failure === undefined ? { output: { KeyId: output?.KeyId } } : { error: failure }),
      invokedBy: invoker,
      eventId: deps.newRequestId(),
      readOnly: true,
      ...(usedKey !== undefined ? { resources: [{ accountId: usedKey.split(":")[4] ?? "", type: "AWS::KMS::Key", ARN: usedKey }] } : {}),
    });
    // A use of another account's key is filed in the key owner's trail too, as CloudTrail delivers it.
    const owner = usedKey?.split(":")[4];
    const copies = failure === undefined && owner !== undefined && owner !== ctx.caller.accountId ? [event, { ...event, recipientAccountId: owner }] : [event];
    try {
      await Promise.all(copies.map((copy) => deps.recordAudit(copy)));
    } catch (error) {
      // The call happened but cannot be recorded: its result is not handed out (audit fails closed).
      (output as { Plaintext?: SecretBytes } | undefined)?.Plaintext?.dispose();
      throw error;
    }
    if (failure !== undefined) throw failure;
    return output!;
  }

  return {
    async generateDataKey(ctx, keyId, context, owner) {
      try {
        const target = keyId !== undefined ? inOwnersAccount(keyId, owner) : await deps.managedKeyFor(ctx, deps.service, owner);
        const output = await call(ctx, "GenerateDataKey", { KeyId: target, EncryptionContext: context, KeySpec: "AES_256" }, (kmsCtx) =>
          deps.generateDataKey({ KeyId: parseKeyRef(target), EncryptionContext: context, KeySpec: "AES_256" }, kmsCtx),
        );
        return { plaintext: output.Plaintext, ciphertext: output.CiphertextBlob, keyArn: output.KeyId };
      } catch (error) {
        throw asServiceFailure(FAILURES[deps.service], "GenerateDataKey", error);
      }
    },
    async decrypt(ctx, ciphertext, context, expectedKeyArn) {
      try {
        const named = expectedKeyArn !== undefined ? { KeyId: expectedKeyArn } : {};
        const output = await call(ctx, "Decrypt", { ...named, EncryptionContext: context }, (kmsCtx) =>
          deps.decrypt({ CiphertextBlob: ciphertext, EncryptionContext: context, ...(expectedKeyArn !== undefined ? { KeyId: parseKeyRef(expectedKeyArn) } : {}) }, kmsCtx),
        );
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
  // KMS's own faults (throttled, sealed, internal) are not the key's: they become the calling
  // service's internal error, not a claim that the key is at fault.
  if (error.status >= 500 || error.type === "ThrottlingException") return new Error(`KMS ${operation} failed: ${error.type}`);
  return failures.failed(operation, error);
}

/** Secrets Manager's form: its own text, then KMS's reason, since it names only the key. */
function serviceFailure(error: ServiceError, type: "EncryptionFailure" | "DecryptionFailure", message: string): ServiceError {
  if (error.type === "InvalidCiphertextException" || error.type === "IncorrectKeyException") return new ServiceError(type, `${message}.`);
  return new ServiceError(type, `${message}: ${error.message}`);
}
