import { barrierTermIdentity, type RandomBytes } from "../../core/barrier.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { Clock } from "../../ports/clock.js";
import type { RootKeyProvider } from "../../ports/root-key.js";
import type { SealConfig, SystemRepository } from "../../ports/system-repository.js";

/** First start of a data dir: a fresh barrier key, wrapped by the root key, stored with the seal configuration. */
export async function initializeBarrier(
  deps: { system: SystemRepository; clock: Clock; randomBytes: RandomBytes },
  config: SealConfig,
  rootKey: RootKeyProvider,
): Promise<void> {
  const barrierKey = SecretBytes.adopt(deps.randomBytes(32));
  try {
    const wrapped = await rootKey.wrap(barrierKey, barrierTermIdentity(1));
    await deps.system.initialize(config, { term: 1, wrapped, createdAt: deps.clock.now() });
  } finally {
    barrierKey.dispose();
  }
}
