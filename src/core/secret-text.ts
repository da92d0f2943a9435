import type { SecretBytes } from "./secret-bytes.js";

const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
const REDACTED = "[redacted]";

/**
 * Secret bytes that go on the wire as a UTF-8 JSON string rather than base64 (Secrets Manager's
 * SecretString in GetSecretValue and BatchGetSecretValue). It owns its SecretBytes: `dispose()`
 * wipes them. Printing, logging or JSON-encoding it never shows the content; the JSON codec is the
 * one place that writes the text out.
 */
export class SecretText {
  readonly bytes: SecretBytes;

  constructor(bytes: SecretBytes) {
    this.bytes = bytes;
  }

  get disposed(): boolean {
    return this.bytes.disposed;
  }

  dispose(): void {
    this.bytes.dispose();
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspectCustom](): string {
    return `SecretText(${REDACTED}, ${this.bytes.length} bytes)`;
  }
}
