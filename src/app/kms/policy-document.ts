import { ServiceError } from "../../core/errors.js";

/**
 * Until the policy engine lands, a key policy is checked for form only: a JSON object with a
 * Statement. It is stored and returned as given, and the documents are evaluated once access control exists.
 */
/** The key policy quota: 32 KB. */
export const MAX_POLICY_BYTES = 32 * 1024;

export function validatePolicyDocument(policy: string): void {
  if (Buffer.byteLength(policy, "utf8") > MAX_POLICY_BYTES) {
    throw new ServiceError("LimitExceededException", `The key policy is larger than ${MAX_POLICY_BYTES} bytes, the most a key policy can be.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw new ServiceError("MalformedPolicyDocumentException", "Policy document is not valid JSON.");
  }
  if (document === null || typeof document !== "object" || Array.isArray(document) || !("Statement" in document)) {
    throw new ServiceError("MalformedPolicyDocumentException", "Policy document must be a JSON object with a Statement.");
  }
}
