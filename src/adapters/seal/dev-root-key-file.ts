import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { secureRandomBytes } from "../../core/crypto/random.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { OpenSeal, RootKeyProvider } from "../../ports/root-key.js";
import { softwareRootKey } from "./software-root-key.js";

export const DEV_ROOT_KEY_FILE = "dev-root-key.json";
const WARNING = "INSECURE: development root key stored unprotected in the data dir. Anyone who can read this file can decrypt every key in it. Never use --dev for real keys.";

/** Creates the insecure development root key file (mode 0600). Fails if one exists. */
export function createDevRootKey(dataDir: string): RootKeyProvider {
  const key = secureRandomBytes(32);
  writeFileSync(join(dataDir, DEV_ROOT_KEY_FILE), JSON.stringify({ warning: WARNING, rootKey: key.toString("base64") }, null, 2) + "\n", {
    mode: 0o600,
    flag: "wx",
  });
  return softwareRootKey("dev", SecretBytes.adopt(key));
}

export function loadDevRootKey(dataDir: string): RootKeyProvider {
  const path = join(dataDir, DEV_ROOT_KEY_FILE);
  if (!existsSync(path)) throw new Error(`the dev root key file ${path} is missing; this data dir cannot be unsealed`);
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { rootKey?: unknown };
  const key = typeof parsed.rootKey === "string" ? Buffer.from(parsed.rootKey, "base64") : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`the dev root key file ${path} is damaged`);
  return softwareRootKey("dev", SecretBytes.adopt(key));
}

/** A root key as an open seal that is never rotated: the dev key (unprotected beside the store), or one opened offline. */
export function devSeal(rootKey: RootKeyProvider): OpenSeal {
  return {
    rootKey,
    successor: () => Promise.reject(new Error("the --dev root key is not rotated")),
    close: () => rootKey.close(),
  };
}
