import type { EmulatorResetReport } from "../app/emulator/reset.js";
import type { SystemHandler } from "./system-routes.js";

/**
 * The emulator's own routes, served only in emulator mode and unsigned, as moto's are:
 * `POST /moto-api/reset` (what moto's server-mode suites call around each test) and its
 * Strongbox name, `POST /sys/emulator/reset`.
 */
export function emulatorRoutes(reset: () => Promise<EmulatorResetReport>): Record<string, SystemHandler> {
  const handler: SystemHandler = async () => ({ status: 200, body: { status: "ok", ...(await reset()) } });
  return { "POST /moto-api/reset": handler, "POST /sys/emulator/reset": handler };
}
