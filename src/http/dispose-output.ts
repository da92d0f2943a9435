import { SecretBytes } from "../core/secret-bytes.js";
import { SecretText } from "../core/secret-text.js";

/** Wipes every SecretBytes and SecretText an operation returned, once the answer has been written. */
export function disposeSecrets(value: unknown): void {
  if (value instanceof SecretBytes || value instanceof SecretText) value.dispose();
  else if (Array.isArray(value)) value.forEach(disposeSecrets);
  else if (value !== null && typeof value === "object" && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const member of Object.values(value)) disposeSecrets(member);
  }
}
