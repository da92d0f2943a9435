import type { InvalidationEvent } from "../../ports/invalidation.js";
import type { SystemRepository } from "../../ports/system-repository.js";

export interface EmulatorResetReport {
  readonly rowsDeleted: number;
  readonly milliseconds: number;
}

/**
 * Emulator mode's reset (`POST /moto-api/reset`, `POST /sys/emulator/reset`): every account, key,
 * alias, grant, IAM entity, secret, parameter and finding goes, in one transaction, and every
 * process forgets what it cached of them. The seal, the barrier and the audit trail stay; the trail
 * records the reset.
 */
export function makeEmulatorReset(deps: {
  readonly system: Pick<SystemRepository, "clearStateKeepingTrail">;
  /** "Forget everything": every cache of every process obeys it, the emulator's callers too. */
  readonly publish: (event: InvalidationEvent) => void;
  readonly record: (details: Record<string, unknown>) => Promise<void>;
  readonly now: () => number;
  /** Makes the seed's state again (`--seed`): a reset returns to the seeded start, not to nothing. */
  readonly reseed?: () => Promise<unknown>;
}): () => Promise<EmulatorResetReport> {
  let running: Promise<EmulatorResetReport> | undefined;
  const reset = async (): Promise<EmulatorResetReport> => {
    const started = deps.now();
    const rowsDeleted = await deps.system.clearStateKeepingTrail();
    deps.publish({ kind: "all" });
    await deps.reseed?.();
    const report = { rowsDeleted, milliseconds: deps.now() - started };
    await deps.record({ ...report });
    return report;
  };
  // Suites call reset before and after each test, sometimes from several workers at once: one at a time.
  return () => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(reset);
    running = next;
    return next;
  };
}
