import { secureRandomBytes } from "../../core/crypto/random.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import { createHsmRootKey, hsmRootKeyProvider, readPinFile, removeHsmRootKey } from "../pkcs11/index.js";
import type { HsmConnector } from "../../ports/hsm.js";
import type { OpenSeal, RootKeyProvider } from "../../ports/root-key.js";
import type { SealConfig } from "../../ports/system-repository.js";

/**
 * The HSM seal (Vault's "HSM auto-unseal"): the root key is a non-extractable AES-256 key object
 * inside a PKCS#11 token, and barrier keys are wrapped by AES-GCM computed inside the token. The
 * server opens it at start with the PIN from the operator's PIN file: no shares are needed, and
 * the root key never exists outside the token.
 */
export type HsmSealConfig = Extract<SealConfig, { type: "pkcs11" }>;

/** Each root key object gets a fresh label, so several data dirs can share a token and a rotation never reuses one. */
function newKeyLabel(): string {
  return `strongbox-root-${secureRandomBytes(8).toString("hex")}`;
}

/** Lends the PIN to `fn`: read from the operator's override, else the file named at init, anew at each open, and wiped after. */
function withPin<T>(config: HsmSealConfig, pinFile: string | undefined, fn: (pin: SecretBytes) => T): T {
  const pin = readPinFile(pinFile ?? config.pinFile);
  try {
    return fn(pin);
  } finally {
    pin.dispose();
  }
}

function openSeal(connector: HsmConnector, config: HsmSealConfig, rootKey: RootKeyProvider, pinFile: string | undefined): OpenSeal {
  return {
    rootKey,
    async successor() {
      const next: HsmSealConfig = { ...config, keyLabel: newKeyLabel() };
      const seal = await createHsmSeal(connector, next, pinFile);
      return {
        config: next,
        seal,
        retirePredecessor: async () => {
          await destroyRootKey(connector, config, pinFile);
        },
        discard: async () => {
          seal.close();
          await destroyRootKey(connector, next, pinFile);
        },
      };
    },
    close: () => rootKey.close(),
  };
}

/** Destroys a root key object: the one a rotation replaced, or one made by an init that then failed. */
export async function destroyRootKey(connector: HsmConnector, config: HsmSealConfig, pinFile?: string): Promise<void> {
  withPin(config, pinFile, (pin) => removeHsmRootKey(connector, { library: config.library, tokenLabel: config.tokenLabel, keyLabel: config.keyLabel, pin }));
}

/** `strongbox init --hsm pkcs11`: generates the root key object in the token. Throws HsmError. */
export async function createHsmSeal(connector: HsmConnector, config: Omit<HsmSealConfig, "keyLabel"> & { keyLabel?: string }, pinFile?: string): Promise<OpenSeal> {
  const full: HsmSealConfig = { ...config, keyLabel: config.keyLabel ?? newKeyLabel() };
  const rootKey = withPin(full, pinFile, (pin) => createHsmRootKey(connector, { library: full.library, tokenLabel: full.tokenLabel, keyLabel: full.keyLabel, pin }));
  return openSeal(connector, full, rootKey, pinFile);
}

/** The configuration `init` stores: a fresh key label. */
export function newHsmSealConfig(options: { library: string; tokenLabel: string; pinFile: string }): HsmSealConfig {
  return { type: "pkcs11", library: options.library, tokenLabel: options.tokenLabel, keyLabel: newKeyLabel(), pinFile: options.pinFile };
}

/** Logs in to the token and finds the root key object (auto-unseal). Throws HsmError. */
export async function openHsmSeal(connector: HsmConnector, config: HsmSealConfig, pinFile?: string): Promise<OpenSeal> {
  const rootKey = withPin(config, pinFile, (pin) => hsmRootKeyProvider(connector, { library: config.library, tokenLabel: config.tokenLabel, keyLabel: config.keyLabel, pin }));
  return openSeal(connector, config, rootKey, pinFile);
}
