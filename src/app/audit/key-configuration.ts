import { canonicalJson } from "../../core/audit/index.js";
import { parseKeyRef, type KeyRef } from "../../core/kms/identifiers.js";
import { currentMaterial, type KeyLocator, type KmsKey } from "../../core/kms/kms-key.js";
import type { AliasRepository } from "../../ports/alias-repository.js";
import type { ConfigHistoryRepository } from "../../ports/config-history.js";
import type { GrantRepository } from "../../ports/grant-repository.js";
import type { KeyRepository } from "../../ports/key-repository.js";
import type { Logger } from "../../ports/logger.js";

/** Most keys have a handful of aliases; a configuration item lists up to this many. */
const MAX_ALIASES = 100;

/** A key's whole configuration, as a configuration item records it: metadata, policy, rotation, tags, aliases, grants. */
async function configurationOf(deps: ConfigRecorderDeps, key: KmsKey): Promise<Record<string, unknown>> {
  const aliases = await deps.aliases.list(key.accountId, key.region, { targetKeyId: key.keyId, limit: MAX_ALIASES });
  const grants = await deps.grants.listForKey(key);
  return {
    keyId: key.keyId,
    arn: key.arn,
    description: key.description,
    keySpec: key.keySpec,
    keyUsage: key.keyUsage,
    keyState: key.state,
    origin: key.origin,
    multiRegion: key.multiRegion,
    ...(key.deletionDate ? { deletionDate: key.deletionDate.toISOString() } : {}),
    currentKeyMaterialId: key.materials.length > 0 ? currentMaterial(key).id : null,
    rotation: {
      enabled: key.rotation.enabled,
      periodInDays: key.rotation.periodInDays ?? null,
      nextRotationDate: key.rotation.nextRotationDate?.toISOString() ?? null,
    },
    policy: JSON.parse(key.policy) as unknown,
    tags: Object.fromEntries(key.tags.map((t) => [t.TagKey, t.TagValue])),
    aliases: aliases.aliases.map((a) => a.aliasName),
    grants: grants.map((g) => ({
      grantId: g.grantId,
      name: g.name ?? null,
      granteePrincipal: g.granteePrincipal,
      retiringPrincipal: g.retiringPrincipal ?? null,
      operations: [...g.operations].sort(),
      constraints: g.constraints ?? null,
    })),
  };
}

export interface ConfigRecorderDeps {
  readonly keys: Pick<KeyRepository, "get">;
  readonly aliases: Pick<AliasRepository, "list" | "get">;
  readonly grants: Pick<GrantRepository, "listForKey">;
  readonly history: ConfigHistoryRepository;
  readonly logger: Logger;
}

/** Records a key's configuration after a change, when it differs from the last one recorded. */
export function makeConfigRecorder(deps: ConfigRecorderDeps) {
  async function capture(locator: KeyLocator & { readonly arn: string }, changedBy: string, time: Date): Promise<void> {
    try {
      const key = await deps.keys.get(locator);
      const configuration = canonicalJson(key === undefined ? { arn: locator.arn, keyState: "Deleted" } : await configurationOf(deps, key));
      const last = await deps.history.at(locator.arn);
      if (last?.configuration === configuration) return;
      await deps.history.append({ keyArn: locator.arn, accountId: locator.accountId, captureTime: time, changedBy, configuration });
    } catch (error) {
      deps.logger.error({ keyArn: locator.arn, err: String(error) }, "recording a configuration item failed");
    }
  }
  return { capture };
}

export type ConfigRecorder = ReturnType<typeof makeConfigRecorder>;

/** The key an ARN names (configuration items are keyed by ARN). */
export function locatorOfArn(arn: string): (KeyLocator & { readonly arn: string }) | undefined {
  const ref: KeyRef = parseKeyRef(arn);
  return ref.kind === "keyArn" ? { accountId: ref.accountId, region: ref.region, keyId: ref.keyId, arn } : undefined;
}
