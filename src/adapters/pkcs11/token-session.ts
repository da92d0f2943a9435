import pkcs11js from "pkcs11js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { HsmError, type TokenAddress, type TokenDescription } from "../../ports/hsm.js";
import { isSessionLost, toHsmError } from "./errors.js";
import { safely, type Pkcs11Library, type Pkcs11Module } from "./library.js";

/** Finds the slot whose token carries `label` (labels are blank-padded to 32 bytes). */
export function findTokenSlot(library: Pkcs11Library, address: TokenAddress): { slot: Buffer; description: TokenDescription } {
  let slots: Buffer[];
  try {
    slots = library.module.C_GetSlotList(true);
  } catch (error) {
    throw toHsmError(error, `listing the slots of ${address.library}`);
  }
  for (const slot of slots) {
    let info: pkcs11js.TokenInfo;
    try {
      info = library.module.C_GetTokenInfo(slot);
    } catch {
      continue; // a token pulled while we looked is not the one we want
    }
    if (info.label.trimEnd() === address.tokenLabel) {
      return {
        slot,
        description: { label: address.tokenLabel, serialNumber: info.serialNumber.trim(), manufacturer: info.manufacturerID.trim(), model: info.model.trim() },
      };
    }
  }
  throw new HsmError("TOKEN_NOT_FOUND", `no token labelled '${address.tokenLabel}' in ${address.library}`);
}

/**
 * A read/write session logged in as the token's user. It keeps its own copy of the PIN (wiped on
 * close) so that a token that went away and came back is logged in again without a restart:
 * `run` retries once on a new session when the old one was lost.
 */
export class TokenSession {
  #session: Buffer | undefined;
  #pin: SecretBytes;
  readonly #serial: string;
  readonly #description: TokenDescription;

  private constructor(
    readonly library: Pkcs11Library,
    readonly address: TokenAddress,
    session: Buffer,
    pin: SecretBytes,
    description: TokenDescription,
  ) {
    this.#session = session;
    this.#pin = pin;
    this.#serial = description.serialNumber;
    this.#description = description;
  }

  /** Opens a session on the token labelled `address.tokenLabel` and logs in with `pin` (copied). */
  static open(library: Pkcs11Library, address: TokenAddress, pin: SecretBytes): TokenSession {
    const { slot, description } = findTokenSlot(library, address);
    const session = openSession(library, address, slot);
    const ownPin = SecretBytes.copyOf(pin.use((bytes) => bytes));
    try {
      if (!library.login(session, description.serialNumber, ownPin)) {
        throw new HsmError("INVALID_CREDENTIALS", `logging in to token '${address.tokenLabel}' failed: the PIN differs from the one this process is logged in with`);
      }
    } catch (error) {
      ownPin.dispose();
      safely(() => library.module.C_CloseSession(session));
      throw toHsmError(error, `logging in to token '${address.tokenLabel}'`);
    }
    return new TokenSession(library, address, session, ownPin, description);
  }

  describe(): TokenDescription {
    return this.#description;
  }

  /**
   * Runs `fn` with the module and the session. A lost session (device removed, session closed,
   * login gone) is replaced once, logging in again, and `fn` retried; every failure leaves as an
   * HsmError naming `doing`.
   */
  run<T>(doing: string, fn: (module: Pkcs11Module, session: Buffer) => T): T {
    if (this.#pin.disposed) throw new HsmError("DEVICE_ERROR", `${doing} failed: the session with token '${this.address.tokenLabel}' was closed`);
    const session = this.#session;
    if (session !== undefined) {
      try {
        return fn(this.library.module, session);
      } catch (error) {
        if (!isSessionLost(error)) throw toHsmError(error, doing);
      }
    }
    this.#reconnect();
    try {
      return fn(this.library.module, this.#session as Buffer);
    } catch (error) {
      throw toHsmError(error, doing);
    }
  }

  #reconnect(): void {
    if (this.#session !== undefined) safely(() => this.library.module.C_CloseSession(this.#session as Buffer));
    this.#session = undefined;
    const { slot } = findTokenSlot(this.library, this.address);
    const session = openSession(this.library, this.address, slot);
    try {
      this.library.relogin(session, this.#pin);
    } catch (error) {
      safely(() => this.library.module.C_CloseSession(session));
      throw toHsmError(error, `logging in again to token '${this.address.tokenLabel}'`);
    }
    this.#session = session;
  }

  get closed(): boolean {
    return this.#pin.disposed;
  }

  /** Logs out (when no other session of ours holds the login), closes the session, wipes the PIN. */
  close(): void {
    if (this.#pin.disposed) return;
    this.library.logout(this.#session, this.#serial);
    if (this.#session !== undefined) safely(() => this.library.module.C_CloseSession(this.#session as Buffer));
    this.#session = undefined;
    this.#pin.dispose();
  }
}

function openSession(library: Pkcs11Library, address: TokenAddress, slot: Buffer): Buffer {
  try {
    return library.module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  } catch (error) {
    throw toHsmError(error, `opening a session with token '${address.tokenLabel}'`);
  }
}
