import { ServiceError } from "../../core/errors.js";
import type { KmsKey } from "../../core/kms/kms-key.js";

/** Only symmetric keys with KMS-generated material rotate (asymmetric, HMAC, imported and custom-store keys do not). */
export function requireRotatable(key: KmsKey): void {
  if (key.keySpec !== "SYMMETRIC_DEFAULT" || key.origin !== "AWS_KMS") {
    throw new ServiceError("UnsupportedOperationException", `${key.arn} key spec or origin does not support automatic rotation.`);
  }
}
