import { keyArn, type KeyRef } from "../../core/kms/identifiers.js";
import type { KeyLocator } from "../../core/kms/kms-key.js";
import type { KmsOperationName } from "../../core/kms/operations.js";
import type { AliasRepository } from "../../ports/alias-repository.js";
import { locatorOfArn, type ConfigRecorder } from "../audit/key-configuration.js";
import type { RequestContext } from "../context.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";
import type { KmsOperations } from "./operations.js";

/** The operations that change a key's configuration (metadata, policy, rotation, tags, aliases, grants). */
const CHANGING: readonly KmsOperationName[] = [
  "CreateKey", "EnableKey", "DisableKey", "ScheduleKeyDeletion", "CancelKeyDeletion", "UpdateKeyDescription", "TagResource", "UntagResource",
  "CreateAlias", "UpdateAlias", "DeleteAlias", "EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand", "PutKeyPolicy", "CreateGrant",
  "RetireGrant", "RevokeGrant", "ImportKeyMaterial", "DeleteImportedKeyMaterial",
];

type Located = KeyLocator & { readonly arn: string };

const isKeyRef = (value: unknown): value is KeyRef => typeof value === "object" && value !== null && "kind" in value && "raw" in value;

/** The keys a request names before it runs (an alias moved or deleted names its old key only then). */
async function keysNamed(deps: Pick<KmsDeps, "resolveKey"> & { aliases: Pick<AliasRepository, "get"> }, input: Record<string, unknown>, ctx: RequestContext): Promise<Located[]> {
  const found: Located[] = [];
  for (const field of ["KeyId", "TargetKeyId"]) {
    const ref = input[field];
    if (!isKeyRef(ref)) continue;
    // A key that cannot be resolved is the operation's to report, with its own error.
    const key = await deps.resolveKey(ref, ctx, { allowAlias: true, crossAccount: true }).catch(() => undefined);
    if (key !== undefined) found.push({ accountId: key.accountId, region: key.region, keyId: key.keyId, arn: key.arn });
  }
  if (typeof input.AliasName === "string") {
    const alias = await deps.aliases.get(ctx.caller.accountId, ctx.region, input.AliasName);
    if (alias !== undefined) {
      const scope = { partition: ctx.partition, region: alias.region, accountId: alias.accountId };
      found.push({ accountId: alias.accountId, region: alias.region, keyId: alias.targetKeyId, arn: keyArn(scope, alias.targetKeyId) });
    }
  }
  return found;
}

/** The keys an answer names (CreateKey's new key, and most changes answer with the key's ARN). */
function keysAnswered(output: unknown): Located[] {
  const answer = output as { KeyId?: unknown; KeyMetadata?: { Arn?: unknown } } | undefined;
  return [answer?.KeyMetadata?.Arn, answer?.KeyId].flatMap((arn) => {
    const located = typeof arn === "string" ? locatorOfArn(arn) : undefined;
    return located !== undefined ? [located] : [];
  });
}

/**
 * Wraps the operations that change keys so that each success records the configuration of every
 * key it touched (AWS Config for keys). Failed and DryRun requests change nothing and record nothing.
 */
export function recordingConfigurationChanges(
  operations: KmsOperations,
  deps: Pick<KmsDeps, "resolveKey"> & { aliases: Pick<AliasRepository, "get">; recorder: ConfigRecorder },
): KmsOperations {
  const wrapped: Record<string, unknown> = { ...operations };
  for (const name of CHANGING) {
    const operation = operations[name];
    const handler = operation.handler as KmsHandler<KmsOperationName>;
    const recording: KmsHandler<KmsOperationName> = async (input, ctx) => {
      const before = await keysNamed(deps, input as Record<string, unknown>, ctx);
      const output = await handler(input, ctx);
      const touched = new Map([...before, ...keysAnswered(output)].map((located) => [located.arn, located]));
      for (const located of touched.values()) await deps.recorder.capture(located, name, ctx.now);
      return output;
    };
    wrapped[name] = { ...operation, handler: recording };
  }
  return wrapped as KmsOperations;
}
