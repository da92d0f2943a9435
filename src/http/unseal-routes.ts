import { SecretBytes } from "../core/secret-bytes.js";
import type { RootOfTrustHealth, UnsealOffer, UnsealOutcome, UnsealStatus } from "../app/seal/seal-controller.js";
import type { SystemAnswer, SystemHandler } from "./system-routes.js";

export interface UnsealRouteDeps {
  readonly isSealed: () => boolean;
  readonly status: () => Promise<UnsealStatus>;
  readonly offer: (offer: UnsealOffer, source: { sourceIp: string }) => Promise<UnsealOutcome>;
  /** Extra health facts (a degraded HSM), merged into GET /health. */
  readonly health?: () => Promise<RootOfTrustHealth & { readonly customKeyStores?: Readonly<Record<string, number>> }>;
  readonly version: string;
}

const BAD_BODY = 'The body must be a JSON object with one non-empty string member, "share" or "passphrase"; or {"hsm":true} to open an HSM seal; or {"reset":true}.';

/** `GET /health`, `GET /sys/seal-status` and `POST /sys/unseal`: the routes that answer while sealed, without signing (like Vault's). */
export function makeUnsealRoutes(deps: UnsealRouteDeps): Record<string, SystemHandler> {
  const statusBody = (status: UnsealStatus) => ({ sealed: status.sealed, type: status.type, progress: status.progress, threshold: status.threshold });
  return {
    "GET /health": async () => {
      const sealed = deps.isSealed();
      const extra = await deps.health?.();
      const status = sealed ? "sealed" : extra?.degraded ? "degraded" : "ok";
      const { degraded: _degraded, ...facts } = extra ?? { degraded: false };
      return { status: sealed ? 503 : 200, body: { status, sealed, version: deps.version, ...facts } };
    },
    "GET /sys/seal-status": async () => ({ status: 200, body: statusBody(await deps.status()) }),
    "POST /sys/unseal": async (body, request): Promise<SystemAnswer> => {
      const offer = readOffer(body);
      if (offer === undefined) return { status: 400, body: { __type: "ValidationException", message: BAD_BODY } };
      try {
        const outcome = await deps.offer(offer, request);
        if (outcome.accepted) return { status: 200, body: statusBody(outcome.status) };
        return { status: 400, body: { __type: "InvalidUnsealKeyException", message: outcome.message, ...statusBody(outcome.status) } };
      } finally {
        if (offer.kind === "share" || offer.kind === "passphrase") offer.secret.dispose();
      }
    },
  };
}

function readOffer(body: Buffer): UnsealOffer | undefined {
  let parsed: { passphrase?: unknown; share?: unknown; reset?: unknown; hsm?: unknown };
  try {
    parsed = JSON.parse(body.toString("utf8")) as typeof parsed;
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object") return undefined;
  const members = [parsed.passphrase, parsed.share, parsed.reset, parsed.hsm].filter((m) => m !== undefined).length;
  if (members !== 1) return undefined;
  if (parsed.reset === true) return { kind: "reset" };
  if (parsed.hsm === true) return { kind: "hsm" };
  if (typeof parsed.share === "string" && parsed.share.length > 0) return { kind: "share", secret: SecretBytes.fromUtf8(parsed.share) };
  if (typeof parsed.passphrase === "string" && parsed.passphrase.length > 0) return { kind: "passphrase", secret: SecretBytes.fromUtf8(parsed.passphrase) };
  return undefined;
}
