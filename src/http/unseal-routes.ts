import { SecretBytes } from "../core/secret-bytes.js";
import type { SystemAnswer, SystemHandler } from "./system-routes.js";

/** `GET /health` and `POST /sys/unseal`: the routes that answer while sealed. */
export function makeUnsealRoutes(deps: { isSealed: () => boolean; unseal: (passphrase: SecretBytes) => Promise<boolean>; version: string }): Record<string, SystemHandler> {
  const status = (): SystemAnswer => ({
    status: 200,
    body: { sealed: deps.isSealed(), type: "passphrase", progress: 0, threshold: 1 },
  });
  return {
    "GET /health": async () => {
      const sealed = deps.isSealed();
      return { status: sealed ? 503 : 200, body: { status: sealed ? "sealed" : "ok", sealed, version: deps.version } };
    },
    "GET /sys/seal-status": async () => status(),
    "POST /sys/unseal": async (body) => {
      const passphrase = readPassphrase(body);
      if (passphrase === undefined) {
        return { status: 400, body: { __type: "ValidationException", message: 'The body must be a JSON object with a non-empty string member "passphrase".' } };
      }
      try {
        if (!(await deps.unseal(passphrase))) {
          return { status: 400, body: { __type: "InvalidUnsealKeyException", message: "The passphrase does not unseal this Strongbox." } };
        }
      } finally {
        passphrase.dispose();
      }
      return status();
    },
  };
}

function readPassphrase(body: Buffer): SecretBytes | undefined {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { passphrase?: unknown };
    return typeof parsed.passphrase === "string" && parsed.passphrase.length > 0 ? SecretBytes.fromUtf8(parsed.passphrase) : undefined;
  } catch {
    return undefined;
  }
}
