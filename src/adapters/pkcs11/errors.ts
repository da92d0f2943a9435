import pkcs11js from "pkcs11js";
import { HsmError, type HsmErrorCode } from "../../ports/hsm.js";

/** Return values that mean the PIN is not (or no longer) accepted. */
const CREDENTIAL_FAILURES = new Set(["CKR_PIN_INCORRECT", "CKR_PIN_INVALID", "CKR_PIN_LEN_RANGE", "CKR_PIN_LOCKED", "CKR_PIN_EXPIRED", "CKR_USER_PIN_NOT_INITIALIZED"]);

/**
 * Return values after which the session is gone but the token may answer again: the device was
 * pulled, restarted or lost our login. Worth one reconnect (new session, login) and a retry.
 */
const SESSION_LOST = new Set([
  "CKR_SESSION_HANDLE_INVALID",
  "CKR_SESSION_CLOSED",
  "CKR_USER_NOT_LOGGED_IN",
  "CKR_DEVICE_REMOVED",
  "CKR_DEVICE_ERROR",
  "CKR_TOKEN_NOT_PRESENT",
  "CKR_TOKEN_NOT_RECOGNIZED",
  "CKR_SLOT_ID_INVALID",
  "CKR_CRYPTOKI_NOT_INITIALIZED",
  "CKR_FUNCTION_FAILED",
]);

/** The CKR_* name of a PKCS#11 failure, or undefined for other errors. */
export function pkcs11CodeOf(error: unknown): string | undefined {
  if (error instanceof pkcs11js.Pkcs11Error) {
    const match = /CKR_[A-Z_]+/.exec(error.message);
    return match?.[0] ?? `CKR_0x${error.code.toString(16)}`;
  }
  return undefined;
}

export function isSessionLost(error: unknown): boolean {
  if (error instanceof HsmError) return error.code === "DEVICE_ERROR";
  const code = pkcs11CodeOf(error);
  return code !== undefined && SESSION_LOST.has(code);
}

/**
 * Turns whatever the binding threw into an HsmError that says what we were doing (`doing`, e.g.
 * "logging in to token 'x'"). The binding's messages hold only return-value names, never our
 * arguments, so nothing secret can travel in them.
 */
export function toHsmError(error: unknown, doing: string): HsmError {
  if (error instanceof HsmError) return error;
  const code = pkcs11CodeOf(error);
  if (code === undefined) {
    const detail = error instanceof Error ? error.message : String(error);
    return new HsmError("INTERNAL_ERROR", `${doing} failed: ${detail}`);
  }
  let kind: HsmErrorCode = "INTERNAL_ERROR";
  if (CREDENTIAL_FAILURES.has(code)) kind = "INVALID_CREDENTIALS";
  else if (SESSION_LOST.has(code)) kind = "DEVICE_ERROR";
  const hint = kind === "INVALID_CREDENTIALS" ? " (the token does not accept the PIN)" : "";
  return new HsmError(kind, `${doing} failed: ${code}${hint}`, code);
}
