import type { SecretBytes } from "../core/secret-bytes.js";

/**
 * Why a hardware security module (a PKCS#11 token) failed. The codes are what callers act on:
 * INVALID_CREDENTIALS (wrong or changed PIN, locked PIN), TOKEN_NOT_FOUND (no token with that
 * label), LIBRARY_ERROR (the PKCS#11 module does not load or initialise), DEVICE_ERROR (the token
 * went away or stopped answering: worth reconnecting), KEY_NOT_FOUND / KEY_EXISTS (key objects),
 * INTERNAL_ERROR (anything else the token said).
 */
export type HsmErrorCode = "INVALID_CREDENTIALS" | "TOKEN_NOT_FOUND" | "LIBRARY_ERROR" | "DEVICE_ERROR" | "KEY_NOT_FOUND" | "KEY_EXISTS" | "INTERNAL_ERROR";

/** A typed HSM failure. Its message names the token and what failed, never a PIN. */
export class HsmError extends Error {
  override readonly name = "HsmError";
  constructor(
    readonly code: HsmErrorCode,
    message: string,
    /** The PKCS#11 return value's name when the token answered one, e.g. CKR_PIN_INCORRECT. */
    readonly pkcs11Code?: string,
  ) {
    super(message);
  }
}

/** Where a token is: the PKCS#11 module to load and the label of the token in it. */
export interface TokenAddress {
  readonly library: string;
  readonly tokenLabel: string;
}

/** What a token says about itself without logging in. */
export interface TokenDescription {
  readonly label: string;
  readonly serialNumber: string;
  readonly manufacturer: string;
  readonly model: string;
}

/** An AES-GCM result computed inside the token. */
export interface TokenSealed {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** A non-extractable AES-256 key object inside a token, named by our CKA_LABEL and CKA_ID. */
export interface TokenKeyName {
  readonly label: string;
  readonly id: Buffer;
}

/**
 * A logged-in connection to one token: AES-256 key objects that never leave it, and AES-GCM
 * (96-bit IV, 128-bit tag) computed inside it. Every method may throw HsmError.
 */
export interface HsmToken {
  readonly address: TokenAddress;
  describe(): TokenDescription;
  /** Generates a new AES-256 key object (token, sensitive, non-extractable); KEY_EXISTS if one has that label. */
  generateAesKey(name: TokenKeyName): void;
  hasKey(name: TokenKeyName): boolean;
  encrypt(name: TokenKeyName, iv: Buffer, plaintext: SecretBytes, aad: Buffer): TokenSealed;
  /** Undefined when the ciphertext, tag or AAD does not authenticate under the key. */
  decrypt(name: TokenKeyName, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): SecretBytes | undefined;
  /** Random bytes from the token's generator (C_GenerateRandom). */
  generateRandom(length: number): SecretBytes;
  /** Destroys the key object; false if there was none. */
  destroyKey(name: TokenKeyName): boolean;
  /** Logs out and closes the session. */
  close(): void;
}

/** Opens tokens. Owned by the composition root, which also closes it (C_Finalize). */
export interface HsmConnector {
  /** Token information without logging in; TOKEN_NOT_FOUND or LIBRARY_ERROR otherwise. */
  describe(address: TokenAddress): TokenDescription;
  /** Logs in as the user with `pin` (a copy is kept for re-login; the caller keeps its own). */
  connect(address: TokenAddress, pin: SecretBytes): HsmToken;
  close(): void;
}
