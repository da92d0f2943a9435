import { ServiceError } from "../../core/errors.js";
import { resourceTagFacts } from "../../core/policy/tag-facts.js";
import { parameterArn, parameterNotFound, parseParameterReference, type ParameterReference, type ParameterScope } from "../../core/parameters/names.js";
import type { Parameter } from "../../core/parameters/parameter.js";
import type { ParameterChanges } from "../../ports/parameter-repository.js";
import type { ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";
import type { ParametersDeps } from "./handler.js";

const MAX_ATTEMPTS = 5;

export function scopeOf(ctx: RequestContext): ParameterScope {
  return { partition: ctx.partition, region: ctx.region, accountId: ctx.caller.accountId };
}

/** The condition keys a parameter brings: its tags, under both names AWS gives them (aws:ResourceTag, ssm:resourceTag). */
function parameterConditionKeys(parameter: Parameter | undefined): ConditionFacts {
  return resourceTagFacts(parameter?.tags, "ssm:resourceTag");
}

/** Checks the caller may do `action` on the parameter; `conditions` are the request's own keys (aws:RequestTag/*, ssm:Overwrite...). */
export async function authorizeParameter(
  deps: Pick<ParametersDeps, "authorize">,
  ctx: RequestContext,
  action: string,
  arn: string,
  parameter?: Parameter,
  conditions?: ConditionFacts,
): Promise<void> {
  await deps.authorize(ctx, { action, resource: arn, resourceAccountId: arn.split(":")[4] ?? ctx.caller.accountId, conditions: { ...conditions, ...parameterConditionKeys(parameter) } });
}


/**
 * The parameter `name` names in the caller's account, once the caller may do `action` on it. A
 * caller who may not act on a parameter of that name is refused whether or not it exists.
 */
export async function findParameter(
  deps: Pick<ParametersDeps, "authorize" | "parameters">,
  ctx: RequestContext,
  action: string,
  name: string,
  conditions?: ConditionFacts,
): Promise<Parameter | undefined> {
  const arn = parameterArn(scopeOf(ctx), name);
  const parameter = await deps.parameters.get(arn);
  await authorizeParameter(deps, ctx, action, arn, parameter, conditions);
  return parameter;
}

export async function loadParameter(deps: Pick<ParametersDeps, "authorize" | "parameters">, ctx: RequestContext, action: string, name: string): Promise<Parameter> {
  const parameter = await findParameter(deps, ctx, action, name);
  if (parameter === undefined) throw parameterNotFound();
  return parameter;
}

/**
 * A name or ARN reference (GetParameter, GetParameters, GetParameterHistory): the parameter, or
 * undefined when there is none. An ARN of another account or Region names none Strongbox holds here.
 */
export async function findReferenced(
  deps: Pick<ParametersDeps, "authorize" | "parameters">,
  ctx: RequestContext,
  action: string,
  raw: string,
  allowSelector: boolean,
): Promise<{ readonly ref: ParameterReference; readonly parameter?: Parameter }> {
  const ref = parseParameterReference(raw, { allowSelector });
  const own = scopeOf(ctx);
  const scope = ref.scope ?? own;
  if (scope.accountId !== own.accountId || scope.region !== own.region || scope.partition !== own.partition) {
    await authorizeParameter(deps, ctx, action, parameterArn(scope, ref.name));
    return { ref };
  }
  const parameter = await findParameter(deps, ctx, action, ref.name);
  return parameter === undefined ? { ref } : { ref, parameter };
}

/** Another request changed the parameter each time this one tried (the model's TooManyUpdates). */
export function tooManyUpdates(): ServiceError {
  return new ServiceError("TooManyUpdates", "There are concurrent updates for a resource that supports one update at a time.");
}

/**
 * Read, decide, write: loads the parameter, applies `decide`, and saves the result if nobody
 * changed the parameter meanwhile; otherwise reads and decides again.
 */
export async function changeParameter<R>(
  deps: Pick<ParametersDeps, "authorize" | "parameters">,
  ctx: RequestContext,
  action: string,
  name: string,
  decide: (parameter: Parameter) => Promise<{ readonly next: Parameter; readonly write?: ParameterChanges; readonly result: R }>,
  notFound: () => ServiceError = parameterNotFound,
  conditions?: ConditionFacts,
): Promise<R> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const parameter = await findParameter(deps, ctx, action, name, conditions);
    if (parameter === undefined) throw notFound();
    const change = await decide(parameter);
    if (await deps.parameters.update({ ...change.next, revision: parameter.revision + 1 }, change.write)) return change.result;
  }
  throw tooManyUpdates();
}
