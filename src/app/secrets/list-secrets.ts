import { ServiceError } from "../../core/errors.js";
import { checkFilters, matchesFilters } from "../../core/secrets/list-filters.js";
import type { Filter, SecretsInputs } from "../../core/secrets/operations.js";
import type { Secret } from "../../core/secrets/secret.js";
import type { RequestContext } from "../context.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { pageOf } from "./page-token.js";
import { listEntryView } from "./secret-views.js";

const DEFAULT_MAX_RESULTS = 100;

type SortBy = NonNullable<SecretsInputs["ListSecrets"]["SortBy"]>;
const SORT_KEYS: Readonly<Record<SortBy, (s: Secret) => number | string>> = {
  "created-date": (s) => s.createdAt.getTime(),
  "last-accessed-date": (s) => s.lastAccessedAt?.getTime() ?? 0,
  "last-changed-date": (s) => s.lastChangedAt.getTime(),
  name: (s) => s.name,
};

export function requireValidFilters(filters: readonly Filter[] | undefined): void {
  const check = checkFilters(filters ?? []);
  if (!check.ok) throw new ServiceError("InvalidParameterException", check.message);
}

/** The account's secrets that pass the filters, in the order asked (creation order by default; ties by creation). */
export async function matchingSecrets(
  deps: Pick<SecretsDeps, "secrets">,
  ctx: RequestContext,
  query: { readonly filters?: readonly Filter[]; readonly includePlannedDeletion?: boolean; readonly sortBy?: SortBy; readonly descending?: boolean },
): Promise<Secret[]> {
  const all = await deps.secrets.list(ctx.caller.accountId, ctx.region, query.includePlannedDeletion === true);
  const matching = all.filter((secret) => matchesFilters(secret, query.filters ?? []));
  const key = SORT_KEYS[query.sortBy ?? "created-date"];
  const sign = query.descending === true ? -1 : 1;
  // Array.prototype.sort is stable: equal keys keep creation order.
  return matching.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -sign : x > y ? sign : 0;
  });
}

/** ListSecrets: the caller's account's secrets, filtered, sorted and paged; scheduled deletions only when asked. */
export function makeListSecrets(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"ListSecrets"> {
  return async (input, ctx) => {
    requireValidFilters(input.Filters);
    await deps.authorize(ctx, { action: "secretsmanager:ListSecrets", resource: "*", resourceAccountId: ctx.caller.accountId });
    const secrets = await matchingSecrets(deps, ctx, {
      ...(input.Filters !== undefined ? { filters: input.Filters } : {}),
      includePlannedDeletion: input.IncludePlannedDeletion === true,
      ...(input.SortBy !== undefined ? { sortBy: input.SortBy } : {}),
      descending: input.SortOrder === "desc",
    });
    const operation = `ListSecrets/${JSON.stringify([input.Filters ?? [], input.IncludePlannedDeletion === true, input.SortBy ?? "", input.SortOrder ?? ""])}`;
    const { page, nextToken } = pageOf(operation, secrets, input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
    return { SecretList: page.map(listEntryView), ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
  };
}
