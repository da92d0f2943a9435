import type { IamTag, PrincipalKind } from "../../ports/iam-repository.js";
import type { RequestContext } from "../context.js";
import type { IamDeps, IamHandler } from "./deps.js";
import { IamError, iamFail } from "./errors.js";
import { pageOf } from "./pagination.js";
import { principalTarget, type PrincipalTarget } from "./principal-target.js";
import { LIMITS, requestTagConditions, requireValidTags } from "./rules.js";

/**
 * Tag/Untag/List{User,Role}Tags: six operations that differ only in the kind of principal. A
 * principal's tags are its callers' aws:PrincipalTag facts, so every change drops the cached
 * callers of its access keys (a user) or sessions (a role) at once.
 */
type Deps = Pick<IamDeps, "iam" | "authorize" | "credentials" | "forgetAccessKey">;
const noun = (kind: PrincipalKind) => (kind === "user" ? "User" : "Role");

async function forgetCallers(deps: Deps, target: PrincipalTarget): Promise<void> {
  const ids =
    target.kind === "user"
      ? (await deps.credentials.listForPrincipal(target.arn)).map((key) => key.accessKeyId)
      : await deps.credentials.sessionKeyIdsForRole(target.id);
  for (const id of ids) deps.forgetAccessKey(id);
}

const missing = (kind: PrincipalKind, name: string) => (kind === "user" ? iamFail.noSuchUser(name) : iamFail.noSuchRole(name));

async function tag(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, tags: readonly IamTag[]): Promise<Record<string, never>> {
  requireValidTags(tags);
  const target = await principalTarget(deps, ctx, kind, `Tag${noun(kind)}`, name, requestTagConditions(tags));
  const outcome = await deps.iam.tag(kind, target.id, tags, LIMITS.tagsPerPrincipal);
  if (outcome === "missing") throw missing(kind, name);
  if (outcome === "too-many") throw new IamError("LimitExceeded", `The number of tags has reached the maximum limit: a ${kind} may have ${LIMITS.tagsPerPrincipal} tags.`);
  await forgetCallers(deps, target);
  return {};
}

async function untag(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, keys: readonly string[]): Promise<Record<string, never>> {
  const target = await principalTarget(deps, ctx, kind, `Untag${noun(kind)}`, name, { "aws:TagKeys": keys });
  if (!(await deps.iam.untag(kind, target.id, keys))) throw missing(kind, name);
  await forgetCallers(deps, target);
  return {};
}

async function listTags(deps: Deps, ctx: RequestContext, kind: PrincipalKind, name: string, paging: { Marker?: string; MaxItems?: number }) {
  const target = await principalTarget(deps, ctx, kind, `List${noun(kind)}Tags`, name);
  const principal = kind === "user" ? await deps.iam.userById(target.id) : await deps.iam.roleById(target.id);
  if (principal === undefined) throw missing(kind, name);
  const { page, ...more } = pageOf(principal.tags, paging);
  return { Tags: page, ...more };
}

export const makeTagUser = (deps: Deps): IamHandler<"TagUser"> => (input, ctx) => tag(deps, ctx, "user", input.UserName, input.Tags);
export const makeTagRole = (deps: Deps): IamHandler<"TagRole"> => (input, ctx) => tag(deps, ctx, "role", input.RoleName, input.Tags);
export const makeUntagUser = (deps: Deps): IamHandler<"UntagUser"> => (input, ctx) => untag(deps, ctx, "user", input.UserName, input.TagKeys);
export const makeUntagRole = (deps: Deps): IamHandler<"UntagRole"> => (input, ctx) => untag(deps, ctx, "role", input.RoleName, input.TagKeys);
export const makeListUserTags = (deps: Deps): IamHandler<"ListUserTags"> => (input, ctx) => listTags(deps, ctx, "user", input.UserName, input);
export const makeListRoleTags = (deps: Deps): IamHandler<"ListRoleTags"> => (input, ctx) => listTags(deps, ctx, "role", input.RoleName, input);
