import { parameterFiltersPredicate, pathPredicate, normalizePath } from "../../core/parameters/filters.js";
import type { ParameterView } from "../../core/parameters/operations.js";
import type { Parameter } from "../../core/parameters/parameter.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { scopeOf } from "./parameter-access.js";
import { disposeValues, valueOut } from "./parameter-values.js";
import { factsOf, parameterView } from "./parameter-views.js";
import { pageOf } from "./page-token.js";

/** AWS's default MaxResults here is unverified; the model's maximum. */
const DEFAULT_MAX_RESULTS = 10;

/**
 * GetParametersByPath: the parameters one level below the path (or every descendant, Recursive),
 * in name order, filtered by Type, KeyId or Label (a label on the current version: the answer is
 * the current version, so an older labelled one must not select it). Authorized once, on the path's ARN: access to
 * a path grants every level below it [D].
 */
export function makeGetParametersByPath(deps: Pick<ParametersDeps, "authorize" | "parameters" | "kms">): ParametersHandler<"GetParametersByPath"> {
  return async (input, ctx) => {
    const path = normalizePath(input.Path.trim());
    const scope = scopeOf(ctx);
    const pathArn = `arn:${scope.partition}:ssm:${scope.region}:${scope.accountId}:parameter${path}`;
    await deps.authorize(ctx, { action: "ssm:GetParametersByPath", resource: pathArn, resourceAccountId: scope.accountId });
    const inPath = pathPredicate(path, input.Recursive === true);
    const filters = input.ParameterFilters ?? [];
    const matches = parameterFiltersPredicate("GetParametersByPath", filters);
    const withLabels = filters.some((filter) => filter.Key === "Label");
    const selected: Parameter[] = [];
    // Only ARNs under the path can be below it ("/" is every parameter).
    const under = path === "/" ? pathArn : `${pathArn}/`;
    for (const parameter of await deps.parameters.list(scope.accountId, scope.region, under)) {
      if (inPath(parameter.name) && matches(await factsOf(deps, parameter, withLabels))) selected.push(parameter);
    }
    const { page, nextToken } = pageOf(`GetParametersByPath ${path} ${input.Recursive === true}`, selected, input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
    const views: ParameterView[] = [];
    try {
      for (const parameter of page) {
        const version = await deps.parameters.version(parameter.arn, parameter.version);
        if (version === undefined) continue;
        views.push(parameterView(parameter, version, await valueOut(deps, ctx, parameter.arn, version, input.WithDecryption)));
      }
    } catch (error) {
      disposeValues(views);
      throw error;
    }
    return { Parameters: views, ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
  };
}
