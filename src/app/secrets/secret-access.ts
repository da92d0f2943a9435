import { parseSecretId, type SecretScope } from "../../core/secrets/names.js";
import { resourceTagFacts } from "../../core/policy/tag-facts.js";
import type { Secret } from "../../core/secrets/secret.js";
import { isServiceError } from "../../core/errors.js";
import { accessDenied, type ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";
import type { SecretsDeps } from "./handler.js";
import { secretFails } from "./secret-errors.js";

const MAX_ATTEMPTS = 5;

/** The condition keys a secret brings to a request about it: its tags, under both AWS's names. */
export function secretConditionKeys(secret: Secret): ConditionFacts {
  return { "secretsmanager:SecretId": secret.arn, ...resourceTagFacts(secret.tags, "secretsmanager:ResourceTag") };
}

/** Checks the caller may do `action` on the secret: its identity policies and the secret's resource policy. */
export async function authorizeSecret(deps: Pick<SecretsDeps, "authorize">, ctx: RequestContext, action: string, secret: Secret, conditions?: ConditionFacts): Promise<void> {
  await deps.authorize(ctx, {
    action,
    resource: secret.arn,
    resourceAccountId: secret.accountId,
    conditions: { ...conditions, ...secretConditionKeys(secret) },
    ...(secret.resourcePolicy !== undefined ? { resourcePolicy: secret.resourcePolicy, resourcePolicyKind: "resource" as const } : {}),
  });
}

async function find(deps: Pick<SecretsDeps, "secrets">, ctx: RequestContext, secretId: string): Promise<{ secret?: Secret; asNamed: string; scope: SecretScope }> {
  const ref = parseSecretId(secretId);
  const own = { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
  switch (ref.kind) {
    case "invalid":
      throw secretFails.invalidName();
    case "name": {
      const secret = await deps.secrets.getByName(own.accountId, own.region, ref.name);
      return { ...(secret ? { secret } : {}), asNamed: `arn:${own.partition}:secretsmanager:${own.region}:${own.accountId}:secret:${ref.name}`, scope: own };
    }
    case "arn": {
      const secret = ref.scope.region === ctx.region && ref.scope.partition === ctx.partition ? await deps.secrets.getByArn(ref.arn) : undefined;
      return { ...(secret ? { secret } : {}), asNamed: ref.arn, scope: ref.scope };
    }
    case "partial-arn": {
      const secret = ref.scope.region === ctx.region && ref.scope.partition === ctx.partition ? await deps.secrets.getByName(ref.scope.accountId, ref.scope.region, ref.name) : undefined;
      return { ...(secret ? { secret } : {}), asNamed: secretId, scope: ref.scope };
    }
  }
}

/**
 * The secret a SecretId names, once the caller is allowed `action` on it. A caller who may not
 * act on a secret of that name is refused whether or not it exists, so refusals do not reveal
 * which secrets exist.
 */
export async function loadSecret(
  deps: Pick<SecretsDeps, "secrets" | "authorize">,
  ctx: RequestContext,
  action: string,
  secretId: string,
  options: { readonly conditions?: ConditionFacts; readonly allowDeleted?: boolean } = {},
): Promise<Secret> {
  const { secret, asNamed, scope } = await find(deps, ctx, secretId);
  // Refused the same way whether the secret exists or not, and whatever policy refused: the
  // message names the SecretId as given (as AWS's do), never the ARN's suffix or a resource policy.
  const refusedAsNamed = (error: unknown) =>
    isServiceError(error) && error.type === "AccessDeniedException" ? accessDenied(ctx, action, secretId, `because no identity-based policy allows the ${action} action`) : error;
  if (secret === undefined) {
    await deps.authorize(ctx, { action, resource: asNamed, resourceAccountId: scope.accountId, ...(options.conditions ? { conditions: options.conditions } : {}) }).catch((error: unknown) => {
      throw refusedAsNamed(error);
    });
    throw secretFails.notFound();
  }
  await authorizeSecret(deps, ctx, action, secret, options.conditions).catch((error: unknown) => {
    throw refusedAsNamed(error);
  });
  if (!options.allowDeleted && secret.deletionDate !== undefined) throw secretFails.markedForDeletion();
  return secret;
}

/**
 * Read, decide, write: loads the secret, applies `decide`, and saves the result if nobody changed
 * the secret meanwhile; otherwise reads and decides again. `decide` may do I/O (KMS calls) and
 * returns the new secret with what to write beside it, or undefined to write nothing.
 */
export async function changeSecret<R>(
  deps: Pick<SecretsDeps, "secrets" | "authorize">,
  ctx: RequestContext,
  action: string,
  secretId: string,
  decide: (secret: Secret) => Promise<{ readonly next: Secret; readonly write?: Parameters<SecretsDeps["secrets"]["update"]>[1]; readonly result: R } | { readonly result: R; readonly next?: undefined }>,
  options: { readonly conditions?: ConditionFacts; readonly allowDeleted?: boolean } = {},
): Promise<R> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const secret = await loadSecret(deps, ctx, action, secretId, options);
    const change = await decide(secret);
    if (change.next === undefined) return change.result;
    const next = { ...change.next, revision: secret.revision + 1 };
    if (await deps.secrets.update(next, "write" in change ? change.write : undefined)) return change.result;
  }
  throw secretFails.conflict();
}
