import { parameterNotFound } from "../../core/parameters/names.js";
import type { ParameterHistoryView } from "../../core/parameters/operations.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { findReferenced } from "./parameter-access.js";
import { disposeValues, valueOut } from "./parameter-values.js";
import { historyView } from "./parameter-views.js";
import { pageOf } from "./page-token.js";

const DEFAULT_MAX_RESULTS = 50;

/** GetParameterHistory: every kept version, oldest first, with its labels; by name or ARN (no selector). */
export function makeGetParameterHistory(deps: Pick<ParametersDeps, "authorize" | "parameters" | "kms">): ParametersHandler<"GetParameterHistory"> {
  return async (input, ctx) => {
    const { parameter } = await findReferenced(deps, ctx, "ssm:GetParameterHistory", input.Name, false);
    if (parameter === undefined) throw parameterNotFound();
    const { page, nextToken } = pageOf(`GetParameterHistory ${parameter.arn}`, await deps.parameters.versions(parameter.arn), input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
    const views: ParameterHistoryView[] = [];
    try {
      for (const version of page) views.push(historyView(parameter, version, await valueOut(deps, ctx, parameter.arn, version, input.WithDecryption)));
    } catch (error) {
      disposeValues(views);
      throw error;
    }
    return { Parameters: views, ...(nextToken !== undefined ? { NextToken: nextToken } : {}) };
  };
}
