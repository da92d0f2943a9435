import { describeParametersPredicate } from "../../core/parameters/filters.js";
import type { Parameter } from "../../core/parameters/parameter.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { factsOf } from "./parameter-views.js";
import { scopeOf } from "./parameter-access.js";
import { metadataView } from "./parameter-views.js";
import { pageOf } from "./page-token.js";

/** AWS's default MaxResults is unverified; the model's maximum. */
const DEFAULT_MAX_RESULTS = 50;

/**
 * DescribeParameters: metadata of the account's parameters, never a value, in name order,
 * filtered. Authorized on `*`, as AWS's service authorization reference lists it. Shared=true
 * (parameters shared through RAM) lists none: Strongbox shares nothing.
 */
export function makeDescribeParameters(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"DescribeParameters"> {
  return async (input, ctx) => {
    const scope = scopeOf(ctx);
    await deps.authorize(ctx, { action: "ssm:DescribeParameters", resource: "*", resourceAccountId: scope.accountId });
    const matches = describeParametersPredicate(input);
    const selected: Parameter[] = [];
    if (input.Shared !== true) {
      for (const parameter of await deps.parameters.list(scope.accountId, scope.region)) if (matches(await factsOf(deps, parameter, false))) selected.push(parameter);
    }
    const { page, nextToken } = pageOf(`DescribeParameters ${JSON.stringify([input.Filters, input.ParameterFilters])}`, selected, input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
    return { Parameters: page.map(metadataView), ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
  };
}
