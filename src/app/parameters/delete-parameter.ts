import { parameterNotFound, parseExistingName } from "../../core/parameters/names.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { findParameter } from "./parameter-access.js";

/** DeleteParameter: the parameter with every version, label, tag and policy. By name only, no ARN [D]. */
export function makeDeleteParameter(deps: Pick<ParametersDeps, "authorize" | "parameters">): ParametersHandler<"DeleteParameter"> {
  return async (input, ctx) => {
    const name = parseExistingName(input.Name);
    const parameter = await findParameter(deps, ctx, "ssm:DeleteParameter", name);
    if (parameter === undefined || !(await deps.parameters.delete(parameter.arn))) throw parameterNotFound();
    return {};
  };
}
