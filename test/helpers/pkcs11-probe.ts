import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SoftHsm } from "./softhsm.js";

const SCRIPT = fileURLToPath(new URL("./pkcs11-probe.cjs", import.meta.url));

export interface KeyInspection {
  readonly labels?: string[];
  readonly found?: boolean;
  readonly sensitive?: boolean;
  readonly extractable?: boolean;
  readonly token?: boolean;
  /** The return value C_GetAttributeValue(CKA_VALUE) gave, or "READ" if it gave the key. */
  readonly valueRead?: string;
  /** The return value C_WrapKey gave, or "WRAPPED" if it wrapped the key out. */
  readonly wrap?: string;
  readonly error?: string;
}

function probe(hsm: Pick<SoftHsm, "library" | "conf">, request: Record<string, unknown>): Record<string, unknown> {
  const out = execFileSync(process.execPath, [SCRIPT, JSON.stringify({ library: hsm.library, ...request })], {
    env: { ...process.env, SOFTHSM2_CONF: hsm.conf },
    encoding: "utf8",
  });
  return JSON.parse(out) as Record<string, unknown>;
}

/** Logs in to the token in another process, finds the secret key whose label contains `label`, tries to read and to wrap it. */
export function inspectTokenKey(hsm: Pick<SoftHsm, "library" | "conf">, tokenLabel: string, pin: string, label: string): KeyInspection {
  return probe(hsm, { op: "inspect", tokenLabel, pin, label }) as KeyInspection;
}
