import { ServiceError } from "../../core/errors.js";
import type { KeyRef } from "../../core/kms/identifiers.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { WrappedKeyMaterial } from "../../ports/key-repository.js";
import type { ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";

const MAX_ATTEMPTS = 5;

export interface Change {
  readonly key: KmsKey;
  readonly newMaterial?: WrappedKeyMaterial;
}

/**
 * Read, decide, write: resolves the key, applies `decide` (a pure state transition), and saves
 * the result if nobody changed the key meanwhile; otherwise reads again and decides again.
 */
export async function changeKey(
  deps: Pick<KmsDeps, "keys" | "resolveKey" | "authorizeKey">,
  ctx: RequestContext,
  action: string,
  ref: KeyRef,
  options: { allowAlias: boolean; conditions?: ConditionFacts },
  decide: (key: KmsKey) => Change | undefined,
): Promise<KmsKey> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await deps.resolveKey(ref, ctx, { allowAlias: options.allowAlias, crossAccount: false });
    await deps.authorizeKey(ctx, { action, key: current, ...(options.conditions ? { conditions: options.conditions } : {}) });
    const change = decide(current);
    if (change === undefined) return current;
    if (await deps.keys.update(change.key, change.newMaterial)) return change.key;
  }
  throw new ServiceError("ConflictException", "The key was changed by another request at the same time. Retry the request.");
}
