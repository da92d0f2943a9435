import type { AuditEvent } from "../../core/audit/index.js";
import { isServiceError, ServiceError } from "../../core/errors.js";
import { serviceCallEvent } from "../audit/service-calls.js";
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

/** AWS's message when the caller may use the service but not the key. */
const KMS_ACCESS_DENIED = "Access to KMS is not allowed";

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
    const event = serviceCallEvent({
      service: "kms",
      operation,
      ctx: kmsCtx,
      input: wireInput,
      ...(failure === undefined ? { output: { KeyId: output?.KeyId } } : { error: failure }),
      invokedBy: invoker,
      eventId: deps.newRequestId(),
      readOnly: true,
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
        throw asServiceFailure(error, "EncryptionFailure", "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state");
      }
    },
    async decrypt(ctx, ciphertext, context) {
      try {
        const output = await call(ctx, "Decrypt", { EncryptionContext: context }, (kmsCtx) => deps.decrypt({ CiphertextBlob: ciphertext, EncryptionContext: context }, kmsCtx));
        return { plaintext: output.Plaintext, keyArn: output.KeyId };
      } catch (error) {
        throw asServiceFailure(error, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key");
      }
    },
  };
}

/** A KMS refusal as the calling service reports it; KMS's own reason follows, since it names only the key. */
function asServiceFailure(error: unknown, type: "EncryptionFailure" | "DecryptionFailure", message: string): unknown {
  if (!isServiceError(error)) return error;
  if (error.type === "AccessDeniedException") return new ServiceError("AccessDeniedException", KMS_ACCESS_DENIED);
  if (error.type === "InvalidCiphertextException") return new ServiceError(type, `${message}.`);
  return new ServiceError(type, `${message}: ${error.message}`);
}
