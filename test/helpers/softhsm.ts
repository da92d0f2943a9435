import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's softhsm2 package puts the module (the first that exists). */
export const SOFTHSM_LIBRARY = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so"].find(existsSync) ?? "/usr/lib/softhsm/libsofthsm2.so";

export interface SoftHsm {
  /** The PKCS#11 module path. */
  readonly library: string;
  readonly tokenLabel: string;
  /** The user PIN of the first token. */
  readonly pin: string;
  readonly soPin: string;
  /** A file (mode 0600) holding the user PIN and a newline, as an operator would keep it. */
  readonly pinFile: string;
  /** The softhsm2.conf path: pass it to child processes as SOFTHSM2_CONF. */
  readonly conf: string;
  /** The environment a child process (e.g. `strongbox server`) needs to see these tokens. */
  readonly env: { readonly SOFTHSM2_CONF: string };
  /** Initialises one more token in the same token directory. */
  addToken(label: string, pin: string): void;
  cleanup(): void;
}

/**
 * A fresh SoftHSM2 token directory for this test process, with one initialised token. Sets
 * process.env.SOFTHSM2_CONF, which SoftHSM2 reads at C_Initialize: call this before anything in
 * the process loads the module.
 */
export function createSoftHsm(options: { tokenLabel?: string; pin?: string; soPin?: string } = {}): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), "sbx-softhsm-"));
  const tokenDir = join(dir, "tokens");
  mkdirSync(tokenDir, { mode: 0o700 });
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const tokenLabel = options.tokenLabel ?? "strongbox-test";
  const pin = options.pin ?? "1234-user-pin";
  const soPin = options.soPin ?? "5678-so-pin";
  const addToken = (label: string, userPin: string) => {
    execFileSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--so-pin", soPin, "--pin", userPin], {
      env: { ...process.env, SOFTHSM2_CONF: conf },
      stdio: "pipe",
    });
  };
  addToken(tokenLabel, pin);
  const pinFile = join(dir, "user.pin");
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
  process.env.SOFTHSM2_CONF = conf;
  return {
    library: SOFTHSM_LIBRARY,
    tokenLabel,
    pin,
    soPin,
    pinFile,
    conf,
    env: { SOFTHSM2_CONF: conf },
    addToken,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A data dir sealed by a root key in `hsm`'s token, and an operator PIN file at `pinFile` holding
 * a wrong PIN: a server started on them stays sealed until the test writes the right one.
 */
export async function hsmSealedWithWrongPin(hsm: SoftHsm, dataDir: string, pinFile: string): Promise<void> {
  // Imported here, not at the top: SoftHSM must be configured before the server's modules load.
  const { initDataDir } = await import("../../src/main.js");
  await initDataDir({ dataDir, seal: { type: "pkcs11", library: hsm.library, tokenLabel: hsm.tokenLabel, pinFile: hsm.pinFile } });
  writeFileSync(pinFile, "not-the-pin\n", { mode: 0o600 });
}
