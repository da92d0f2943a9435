import { parseExistingName } from "../../core/parameters/names.js";
import { labelVersion } from "../../core/parameters/labels.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { changeParameter } from "./parameter-access.js";

/**
 * LabelParameterVersion: attaches labels to a version (the latest by default), moving each from
 * the version that held it. Invalid labels are answered, not attached. No new version.
 */
export function makeLabelParameterVersion(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"LabelParameterVersion"> {
  return async (input, ctx) => {
    const name = parseExistingName(input.Name);
    return changeParameter(deps, ctx, "ssm:LabelParameterVersion", name, async (parameter) => {
      const version = input.ParameterVersion ?? parameter.version;
      const outcome = labelVersion(await deps.parameters.labels(parameter.arn), parameter.name, version, input.Labels);
      return { next: parameter, write: { labels: outcome.versions }, result: { InvalidLabels: outcome.invalidLabels, ParameterVersion: version } };
    });
  };
}
