import { pino, type Level } from "pino";
import type { Logger } from "./ports/logger.js";

/**
 * Structured JSON lines on stdout. Redaction is the last line of defence: request bodies are
 * never logged, and these members are masked wherever they appear anyway.
 */
const REDACT = [
  "Plaintext", "SecretString", "SecretBinary", "RandomPassword", "Value", "Authorization", "PrivateKeyPlaintext",
  "secretAccessKey", "SecretAccessKey", "SessionToken", "passphrase", "share",
].flatMap(
  (name) => [name, `*.${name}`, `*.*.${name}`, `headers.authorization`],
);

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function makeLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  const base = pino(
    { level: level as Level | "silent", base: { service: "strongbox" }, redact: { paths: [...new Set(REDACT)], censor: "[redacted]" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
  return {
    debug: (fields, message) => base.debug(fields, message),
    info: (fields, message) => base.info(fields, message),
    warn: (fields, message) => base.warn(fields, message),
    error: (fields, message) => base.error(fields, message),
  };
}
