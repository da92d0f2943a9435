import type { EmulatorResetReport } from "../app/emulator/reset.js";
import type { SystemAnswer, SystemHandler } from "./system-routes.js";

/** Time travel: where the emulator's clock stands, and moving it forward. */
export interface EmulatorTimeTravel {
  now(): { now: string; offsetSeconds: number };
  advance(seconds: number): Promise<{ now: string; offsetSeconds: number; lifecycle?: unknown }>;
}

/** Ten years: further than any deletion window, rotation period or expiry needs. */
const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;

const invalid = (message: string): SystemAnswer => ({ status: 400, body: { __type: "ValidationException", message } });

/**
 * The emulator's own routes, served only in emulator mode and unsigned, as moto's are:
 * `POST /moto-api/reset` (what moto's server-mode suites call around each test) and its
 * Strongbox name `POST /sys/emulator/reset`; `GET` and `POST /sys/emulator/clock` (time travel);
 * `POST /sys/emulator/export` (the whole state, INSECURE: key material included).
 */
export function emulatorRoutes(reset: () => Promise<EmulatorResetReport>, travel?: EmulatorTimeTravel, exportState?: () => Promise<Buffer>): Record<string, SystemHandler> {
  const resetHandler: SystemHandler = async () => ({ status: 200, body: { status: "ok", ...(await reset()) } });
  const routes: Record<string, SystemHandler> = { "POST /moto-api/reset": resetHandler, "POST /sys/emulator/reset": resetHandler };
  if (travel !== undefined) {
    routes["GET /sys/emulator/clock"] = async () => ({ status: 200, body: travel.now() });
    routes["POST /sys/emulator/clock"] = async (body) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return invalid('The body must be JSON: {"advanceSeconds": N}.');
      }
      const seconds = (parsed as { advanceSeconds?: unknown } | null)?.advanceSeconds;
      if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
        return invalid(`advanceSeconds must be a whole number of seconds from 0 to ${MAX_ADVANCE_SECONDS}; the clock only moves forward.`);
      }
      return { status: 200, body: { status: "ok", ...(await travel.advance(seconds)) } };
    };
  }
  if (exportState !== undefined) {
    // A backup file (docs/backup.md) of the emulator's whole state, base64 in the JSON answer: `strongbox emulator export` writes it out.
    routes["POST /sys/emulator/export"] = async () => ({ status: 200, body: { status: "ok", file: (await exportState()).toString("base64") } });
  }
  return routes;
}
