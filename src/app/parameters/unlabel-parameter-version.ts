import { parseExistingName } from "../../core/parameters/names.js";
import { unlabelVersion } from "../../core/parameters/labels.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { changeParameter } from "./parameter-access.js";

/** UnlabelParameterVersion: removes labels from a version; labels it does not carry are answered as InvalidLabels. */
export function makeUnlabelParameterVersion(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"UnlabelParameterVersion"> {
  return async (input, ctx) => {
    const name = parseExistingName(input.Name);
    return changeParameter(deps, ctx, "ssm:UnlabelParameterVersion", name, async (parameter) => {
      const outcome = unlabelVersion(await deps.parameters.labels(parameter.arn), parameter.name, input.ParameterVersion, input.Labels);
      return { next: parameter, write: { labels: outcome.versions }, result: { RemovedLabels: outcome.removedLabels, InvalidLabels: outcome.invalidLabels } };
    });
  };
}
