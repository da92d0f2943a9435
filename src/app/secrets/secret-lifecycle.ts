import type { Logger } from "../../ports/logger.js";
import type { SecretRepository } from "../../ports/secret-repository.js";

const BATCH = 100;

/**
 * Secrets Manager's background work: deleting, for good, each secret whose recovery window is
 * over (with every version and label). Idempotent; time comes from the caller (the clock), so
 * tests move it. A RestoreSecret that wins the race keeps its secret (the purge checks the revision).
 */
export function makeSecretLifecycle(deps: {
  readonly secrets: Pick<SecretRepository, "dueForDeletion" | "purge">;
  readonly logger: Logger;
  readonly onDeleted?: (arn: string, time: Date) => Promise<void>;
}) {
  return {
    async deleteDue(now: Date): Promise<number> {
      let deleted = 0;
      for (const due of await deps.secrets.dueForDeletion(now, BATCH)) {
        if (!(await deps.secrets.purge(due))) continue;
        deps.logger.info({ secretArn: due.arn }, "deleted secret after its recovery window");
        await deps.onDeleted?.(due.arn, now);
        deleted++;
      }
      return deleted;
    },
  };
}
