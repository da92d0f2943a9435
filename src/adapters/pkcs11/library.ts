import pkcs11js from "pkcs11js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { HsmError } from "../../ports/hsm.js";
import { pkcs11CodeOf } from "./errors.js";

export type Pkcs11Module = pkcs11js.PKCS11;

/**
 * One loaded and initialised PKCS#11 module, and who is logged in to its tokens. PKCS#11 logs an
 * application in per token, not per session: a second C_Login answers
 * CKR_USER_ALREADY_LOGGED_IN without checking the PIN, and one C_Logout ends the login of every
 * session. So the logins are counted here: a second session of the same token must present the
 * same PIN, and the last one to leave logs out.
 */
export class Pkcs11Library {
  readonly #logins = new Map<string, { pin: SecretBytes; holders: number }>();

  constructor(
    readonly path: string,
    readonly module: Pkcs11Module,
  ) {}

  /**
   * Logs `session` in as the user of the token with serial `serial`. Returns false when another
   * session holds the login with a different PIN (the caller answers INVALID_CREDENTIALS).
   */
  login(session: Buffer, serial: string, pin: SecretBytes): boolean {
    const held = this.#logins.get(serial);
    if (held !== undefined && !held.pin.disposed) {
      if (!sameBytes(held.pin, pin)) return false;
      held.holders += 1;
      return true;
    }
    try {
      pin.use((bytes) => this.module.C_Login(session, pkcs11js.CKU_USER, bytes.toString("utf8")));
    } catch (error) {
      if (pkcs11CodeOf(error) !== "CKR_USER_ALREADY_LOGGED_IN") throw error;
    }
    this.#logins.set(serial, { pin: SecretBytes.copyOf(pin.use((b) => b)), holders: 1 });
    return true;
  }

  /** Gives up one hold on the login; the last one logs the token out. */
  logout(session: Buffer | undefined, serial: string): void {
    const held = this.#logins.get(serial);
    if (held === undefined) return;
    held.holders -= 1;
    if (held.holders > 0) return;
    this.#logins.delete(serial);
    held.pin.dispose();
    if (session !== undefined) safely(() => this.module.C_Logout(session));
  }

  /** Logs a replacement session in after the old one was lost; the hold on the login is unchanged. */
  relogin(session: Buffer, pin: SecretBytes): void {
    try {
      pin.use((bytes) => this.module.C_Login(session, pkcs11js.CKU_USER, bytes.toString("utf8")));
    } catch (error) {
      if (pkcs11CodeOf(error) !== "CKR_USER_ALREADY_LOGGED_IN") throw error;
    }
  }
}

/** Compares two secrets in time that depends only on their lengths. */
function sameBytes(a: SecretBytes, b: SecretBytes): boolean {
  return a.use((x) =>
    b.use((y) => {
      let difference = x.length ^ y.length;
      for (let i = 0; i < Math.max(x.length, y.length); i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
      return difference === 0;
    }),
  );
}

/**
 * The PKCS#11 modules this process has loaded. C_Initialize may run once per module per process
 * (a second one answers CKR_CRYPTOKI_ALREADY_INITIALIZED, and one C_Finalize would end every
 * user's sessions), so every token session of a module shares one entry. The composition root
 * owns this object and closes it at shutdown.
 */
export class Pkcs11Libraries {
  readonly #loaded = new Map<string, Pkcs11Library>();

  /** Loads and initialises the module at `path` once; LIBRARY_ERROR if it cannot. */
  open(path: string): Pkcs11Library {
    const existing = this.#loaded.get(path);
    if (existing !== undefined) return existing;
    const module = new pkcs11js.PKCS11();
    try {
      module.load(path);
    } catch (error) {
      throw new HsmError("LIBRARY_ERROR", `cannot load the PKCS#11 library ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      module.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      const code = pkcs11CodeOf(error);
      if (code !== "CKR_CRYPTOKI_ALREADY_INITIALIZED") {
        safely(() => module.close());
        throw new HsmError("LIBRARY_ERROR", `the PKCS#11 library ${path} does not initialise: ${code ?? String(error)}`, code);
      }
    }
    const library = new Pkcs11Library(path, module);
    this.#loaded.set(path, library);
    return library;
  }

  /** C_Finalize and unload every module (their sessions end). */
  close(): void {
    for (const library of this.#loaded.values()) {
      safely(() => library.module.C_Finalize());
      safely(() => library.module.close());
    }
    this.#loaded.clear();
  }
}

/** For teardown paths: a failure to clean up must not hide the error that led there. */
export function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // nothing to do: the session or module is gone already
  }
}
