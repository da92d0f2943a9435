import { awsManagedKeyAlias, awsManagedKeyDescription, awsManagedKeyPolicy, type ManagingService } from "../../core/kms/aws-managed-key.js";
import { keyArn, uuidFromRandom } from "../../core/kms/identifiers.js";
import { newSymmetricKey, type KmsKey } from "../../core/kms/kms-key.js";
import { KEY_MATERIAL_ID_BYTES } from "../../core/kms/ciphertext-blob.js";
import { ServiceError } from "../../core/errors.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import { MAX_ALIASES_PER_KEY } from "./alias-rules.js";

const DAY_MS = 86_400_000;
/** AWS rotates AWS managed keys every year, and nobody can change that. */
const MANAGED_ROTATION_DAYS = 365;
/** The shortest waiting period, for a managed key that lost the race to be the account's. */
const LOSER_DELETION_DAYS = 7;

/**
 * The ARN of a service's AWS managed key in the account that owns the resource (the caller's by
 * default), created on first use by that account's own callers. Another account's caller never
 * creates it: without one, it is refused as KMS refuses a key it may not use.
 */
export type AwsManagedKeyFor = (ctx: RequestContext, service: ManagingService, owner?: { readonly accountId: string }) => Promise<string>;

/**
 * AWS managed keys (`alias/aws/<service>`), created the first time a service encrypts for an
 * account. Creation is the service's own act: `onCreated` records it in the trail.
 */
export function makeAwsManagedKeys(
  deps: Pick<KmsDeps, "keys" | "aliases" | "material" | "randomBytes"> & { readonly onCreated?: (key: KmsKey, service: ManagingService) => Promise<void> },
): AwsManagedKeyFor {
  // Concurrent first uses in this process share one creation; other processes race on the alias.
  const creating = new Map<string, Promise<string>>();

  const create = async (ctx: RequestContext, service: ManagingService): Promise<string> => {
    const scope = { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
    const keyId = uuidFromRandom(deps.randomBytes(16));
    const locator = { accountId: scope.accountId, region: scope.region, keyId };
    const materialId = deps.randomBytes(KEY_MATERIAL_ID_BYTES).toString("hex");
    const created = await deps.material.create(locator, "SYMMETRIC_DEFAULT", materialId);
    const key: KmsKey = {
      ...newSymmetricKey({
        locator,
        arn: keyArn(scope, keyId),
        createdAt: ctx.now,
        description: awsManagedKeyDescription(service),
        materialId,
        tags: [],
        policy: awsManagedKeyPolicy(service, ctx.partition, scope.accountId, ctx.region),
        policyPins: {},
      }),
      keyManager: "AWS",
      rotation: { enabled: true, periodInDays: MANAGED_ROTATION_DAYS, nextRotationDate: new Date(ctx.now.getTime() + MANAGED_ROTATION_DAYS * DAY_MS) },
    };
    await deps.keys.create(key, created.material);
    const aliasName = awsManagedKeyAlias(service);
    const outcome = await deps.aliases.create(
      { accountId: scope.accountId, region: scope.region, aliasName, targetKeyId: keyId, createdAt: ctx.now, lastUpdatedAt: ctx.now },
      MAX_ALIASES_PER_KEY,
    );
    if (outcome === "name-taken") {
      // Another process made the account's key first: this one is retired, unused, by the usual deletion sweep.
      const deletionDate = new Date(ctx.now.getTime() + LOSER_DELETION_DAYS * DAY_MS);
      await deps.keys.update({ ...key, state: "PendingDeletion", deletionDate, pendingWindowInDays: LOSER_DELETION_DAYS, revision: key.revision + 1 });
      const winner = await deps.aliases.get(scope.accountId, scope.region, aliasName);
      if (winner === undefined) throw new Error(`${aliasName} was taken and then deleted while it was being created`);
      return keyArn(scope, winner.targetKeyId);
    }
    if (outcome !== "done") throw new Error(`creating ${aliasName} failed: ${outcome}`);
    await deps.onCreated?.(key, service);
    return key.arn;
  };

  return async (ctx, service, owner) => {
    const scope = { partition: ctx.partition, region: ctx.region, accountId: owner?.accountId ?? ctx.caller.accountId };
    const alias = await deps.aliases.get(scope.accountId, scope.region, awsManagedKeyAlias(service));
    if (alias !== undefined) return keyArn(scope, alias.targetKeyId);
    if (scope.accountId !== ctx.caller.accountId) {
      throw new ServiceError("AccessDeniedException", `${ctx.caller.principalArn} may not use the AWS managed key ${awsManagedKeyAlias(service)} of account ${scope.accountId}.`);
    }
    const slot = `${scope.accountId}/${scope.region}/${service}`;
    let pending = creating.get(slot);
    if (pending === undefined) {
      pending = create(ctx, service).finally(() => creating.delete(slot));
      creating.set(slot, pending);
    }
    return pending;
  };
}
